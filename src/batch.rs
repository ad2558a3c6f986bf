//! Many texts on several threads (native only): what `quotelens analyze --jsonl --jobs N` and the
//! Python package's `analyze_many` run.
//!
//! The work is spread by one shared counter: each of the `jobs` threads takes the next item not
//! yet taken, so a long text does not hold up the short ones behind it. The results come back in
//! the items' order, the same as analysing them one by one.

use crate::contract::Analysis;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Applies `f` to every item on up to `jobs` threads (1 or less: on this thread) and returns the
/// results in the items' order.
///
/// A panic in `f` is passed on to the caller once every thread has stopped.
pub fn map_ordered<T, R, F>(items: Vec<T>, jobs: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    if jobs <= 1 || items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let n = items.len();
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.min(n))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = slots.get(k) else { break };
                        let taken = slot.lock().map(|mut s| s.take()).unwrap_or(None);
                        if let Some(item) = taken {
                            mine.push((k, f(item)));
                        }
                    }
                    mine
                })
            })
            .collect();
        let mut all = Vec::with_capacity(n);
        let mut panic = None;
        for w in workers {
            match w.join() {
                Ok(mine) => all.extend(mine),
                Err(payload) => panic = Some(payload),
            }
        }
        if let Some(payload) = panic {
            std::panic::resume_unwind(payload);
        }
        all
    });
    done.sort_unstable_by_key(|d| d.0);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Analyses every text on up to `jobs` threads and returns the analyses in the texts' order:
/// the same as calling [`crate::analyze`] on each in turn.
pub fn analyze_many<S: AsRef<str> + Sync>(texts: &[S], jobs: usize) -> Vec<Analysis> {
    map_ordered(texts.iter().collect(), jobs, |t| crate::analyze(t.as_ref()))
}

/// The number of threads to use when the caller gives none: the cores this process may run on
/// (1 when that is unknown).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_whatever_the_threads() {
        let items: Vec<usize> = (0..103).collect();
        for jobs in [0, 1, 2, 5, 200] {
            let out = map_ordered(items.clone(), jobs, |i| i * 3);
            assert_eq!(
                out,
                items.iter().map(|i| i * 3).collect::<Vec<_>>(),
                "{jobs}"
            );
        }
        assert!(map_ordered(Vec::<u8>::new(), 4, |b| b).is_empty());
    }

    #[test]
    fn analyze_many_equals_one_at_a_time() {
        let texts = [
            "“We will not back down,” Tahir Andrabi said on Friday.",
            "",
            "The minister, who spoke in Port Alder, said talks would resume.",
        ];
        let one: Vec<Analysis> = texts.iter().map(|t| crate::analyze(t)).collect();
        assert_eq!(analyze_many(&texts, 3), one);
        assert_eq!(analyze_many(&texts, 1), one);
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_reaches_the_caller() {
        map_ordered(vec![1, 2, 3, 4], 2, |i| {
            if i == 3 {
                panic!("boom");
            }
            i
        });
    }
}
