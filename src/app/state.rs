//! App state and its one reducer. Actions are named for what the user (or the worker) did.
//!
//! The state holds a list of articles; the input box edits the current one. Loading a file
//! never replaces text the user typed: it opens as another article (only an empty article is
//! reused), and closing an article can be undone. Each article's text has a revision; the
//! worker is asked to analyse a revision once typing pauses, and an answer for an older
//! revision than the one shown is ignored.

use crate::contract::Analysis;
use crate::html::PageInfo;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// A message for the reader: a problem with their input, or a note about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// True for problems, false for notes.
    pub is_error: bool,
    /// What to tell the reader, naming the file where there is one.
    pub message: String,
}

/// One loaded or typed article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id (not an index).
    pub id: u64,
    /// A file name, or the first line of typed text.
    pub name: Rc<str>,
    /// True when `name` came from a file (and is not re-derived from the text).
    pub named_by_file: bool,
    /// The text in the box.
    pub text: Rc<str>,
    /// Bumped on every edit.
    pub revision: u64,
    /// The latest revision ready to analyse (typing paused, or loaded).
    pub settled: u64,
    /// The text at revision `settled` (what the worker is sent).
    pub settled_text: Rc<str>,
    /// The latest revision sent to the worker.
    pub requested: u64,
    /// The text the current analysis belongs to.
    pub analysed_text: Rc<str>,
    /// The revision `analysis` belongs to.
    pub analysed: u64,
    /// The analysis of `analysed_text`.
    pub analysis: Option<Rc<Analysis>>,
    /// Milliseconds the worker took.
    pub millis: Option<f64>,
    /// The web page the text came from (title, address, date), stamped on every analysis.
    pub page: Option<Rc<PageInfo>>,
}

impl Article {
    fn new(id: u64, name: &str, named_by_file: bool, text: Rc<str>) -> Self {
        Article {
            id,
            name: name.into(),
            named_by_file,
            settled_text: text.clone(),
            text,
            revision: 1,
            settled: 1,
            requested: 0,
            analysed_text: "".into(),
            analysed: 0,
            analysis: None,
            millis: None,
            page: None,
        }
    }

    /// How many articles the text holds, split at separator lines (`---`, `===`, `***`).
    pub fn parts(&self) -> usize {
        if self.text.len() > 4 * 1024 * 1024 {
            return 1; // not worth scanning on every render of a huge text
        }
        crate::compare::split_articles(&self.text).len()
    }

    /// True while the worker owes an answer for the settled text.
    pub fn is_working(&self) -> bool {
        self.requested > self.analysed && !self.text.trim().is_empty()
    }
}

/// What the reading view is focused on: a speaker's quotations or an entity's mentions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Focus {
    /// Nothing: everything at full strength.
    #[default]
    None,
    /// One speaker (by resolved name; empty for unattributed quotations).
    Speaker(String),
    /// One entity, by id.
    Entity(usize),
}

/// Which main view is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// One article, highlighted.
    #[default]
    Read,
    /// All articles side by side.
    Compare,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The articles, in tab order; never empty.
    pub articles: Vec<Article>,
    /// Index of the article in the input box.
    pub current: usize,
    /// The next article id.
    pub next_id: u64,
    /// A problem or note to show.
    pub notice: Option<Notice>,
    /// The last closed article and where it was, for undo.
    pub closed: Option<(Article, usize)>,
    /// What the reading view focuses on.
    pub focus: Focus,
    /// Entity types the reader has switched off in the legend.
    pub hidden_types: BTreeSet<String>,
    /// Reading or comparing.
    pub mode: Mode,
    /// Unsure reported speech ([`crate::view::is_unsure_speech`]) is listed in *Who said what*
    /// and counted in share of voice (off by default).
    pub show_unsure: bool,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            articles: vec![Article::new(1, "Untitled", false, "".into())],
            current: 0,
            next_id: 2,
            notice: None,
            closed: None,
            focus: Focus::None,
            hidden_types: BTreeSet::new(),
            mode: Mode::Read,
            show_unsure: false,
        }
    }
}

/// What happened.
#[derive(Debug, Clone)]
pub enum Action {
    /// Typed or pasted into the input box.
    Typed(String),
    /// Stopped typing for a moment: the article's latest revision may be analysed.
    PausedTyping {
        /// The article.
        article: u64,
    },
    /// Opened or dropped a file that decoded to text.
    OpenedFile {
        /// The file's name.
        name: String,
        /// Its text.
        text: String,
        /// Notes on decoding (e.g. HTML converted, bytes replaced).
        notes: Vec<String>,
    },
    /// Clicked the browser extension's button or the bookmarklet on a web page.
    SentPage {
        /// The article text (or the selected text).
        text: String,
        /// The page's title, address and date.
        page: PageInfo,
    },
    /// The extension or bookmarklet could not take the article from a page: why.
    PageUnreadable(String),
    /// Opened or dropped a file that cannot be analysed.
    OpenedUnreadableFile {
        /// The file's name.
        name: String,
        /// Why not.
        reason: String,
    },
    /// Asked for the demo article.
    LoadedDemo,
    /// Started a new, empty article.
    AddedArticle,
    /// Switched to another article's tab.
    SelectedArticle(usize),
    /// Closed an article's tab.
    ClosedArticle(usize),
    /// Undid the last close.
    UndidClose,
    /// The page reloaded and found saved articles, and which was current.
    Restored(super::storage::SavedArticles, usize),
    /// The page sent a revision to the worker.
    SentForAnalysis {
        /// The article.
        article: u64,
        /// The revision.
        revision: u64,
    },
    /// The worker answered.
    Analysed {
        /// The article.
        article: u64,
        /// The revision analysed.
        revision: u64,
        /// The analysis.
        analysis: Rc<Analysis>,
        /// Milliseconds the worker took.
        millis: f64,
    },
    /// Clicked a speaker or entity (clicking it again clears the focus).
    Focused(Focus),
    /// Toggled an entity type in the legend.
    ToggledType(String),
    /// Switched between reading and comparing.
    SwitchedMode(Mode),
    /// Turned the listing of unsure reported speech on or off.
    ShowedUnsure(bool),
    /// Saving to browser storage failed.
    CouldNotSave(String),
    /// Dismissed the notice.
    DismissedNotice,
    /// Asked to split the current text into one article per part between separator lines.
    SplitArticles,
}

/// The demo article bundled with the app (fictional; written for quotelens).
pub const DEMO_ARTICLE: &str = include_str!("../../static/demo-article.txt");

/// A name for typed text: its first non-empty line, shortened.
fn derive_name(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    match line {
        None => "Untitled".to_string(),
        Some(l) if l.chars().count() > 60 => {
            let cut: String = l.chars().take(57).collect();
            format!("{}…", cut.trim_end())
        }
        Some(l) => l.to_string(),
    }
}

impl AppState {
    /// The article in the input box.
    pub fn current(&self) -> &Article {
        &self.articles[self.current.min(self.articles.len() - 1)]
    }

    fn current_mut(&mut self) -> &mut Article {
        let i = self.current.min(self.articles.len() - 1);
        &mut self.articles[i]
    }

    /// Articles whose settled text has not been sent to the worker: (id, revision, text).
    pub fn pending_work(&self) -> Vec<(u64, u64, Rc<str>)> {
        self.articles
            .iter()
            .filter(|a| a.settled > a.requested)
            .map(|a| (a.id, a.settled, a.settled_text.clone()))
            .collect()
    }

    /// What is worth saving: names, texts and pages, and the current index.
    pub fn saved_form(&self) -> (super::storage::SavedArticles, usize) {
        let articles = self
            .articles
            .iter()
            .map(|a| {
                let page = a.page.as_deref().cloned();
                (
                    a.name.to_string(),
                    a.named_by_file,
                    a.text.to_string(),
                    page,
                )
            })
            .collect();
        (articles, self.current)
    }

    /// A key that changes when something worth saving changed (not on every keystroke).
    pub fn save_key(&self) -> Vec<(u64, u64, bool)> {
        self.articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, a.settled, i == self.current))
            .collect()
    }

    fn add(&mut self, name: &str, named_by_file: bool, text: String, page: Option<PageInfo>) {
        let current = self.current();
        let reuse = current.text.trim().is_empty();
        let mut article = Article::new(self.next_id, name, named_by_file, text.into());
        article.page = page.map(Rc::new);
        self.next_id += 1;
        if reuse {
            let i = self.current;
            self.articles[i] = article;
        } else {
            self.articles.push(article);
            self.current = self.articles.len() - 1;
        }
        self.focus = Focus::None;
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Typed(text) => {
                let a = next.current_mut();
                a.text = text.into();
                a.revision += 1;
                if !a.named_by_file {
                    a.name = derive_name(&a.text).into();
                }
                if next.notice.as_ref().is_some_and(|n| !n.is_error) {
                    next.notice = None;
                }
            }
            Action::PausedTyping { article } => {
                let Some(a) = next.articles.iter_mut().find(|a| a.id == article) else {
                    return self;
                };
                if a.settled == a.revision {
                    return self; // nothing new
                }
                a.settled = a.revision;
                a.settled_text = a.text.clone();
            }
            Action::OpenedFile { name, text, notes } => {
                next.add(&name, true, text, None);
                next.notice = (!notes.is_empty()).then(|| Notice {
                    is_error: false,
                    message: format!("{name}: {}", notes.join("; ")),
                });
            }
            Action::SentPage { text, page } => {
                let name = page.title.clone().unwrap_or_else(|| "Web page".to_string());
                next.add(&name, true, text, Some(page));
                next.mode = Mode::Read;
                next.notice = None;
            }
            Action::PageUnreadable(reason) => {
                next.notice = Some(Notice {
                    is_error: true,
                    message: format!("The page could not be analysed: {reason}"),
                });
            }
            Action::OpenedUnreadableFile { name, reason } => {
                next.notice = Some(Notice {
                    is_error: true,
                    message: format!("{name}: {reason}"),
                });
            }
            Action::LoadedDemo => {
                next.add(
                    "Demo: border crossings stay shut",
                    true,
                    DEMO_ARTICLE.to_string(),
                    None,
                );
            }
            Action::AddedArticle => {
                let id = next.next_id;
                next.next_id += 1;
                next.articles
                    .push(Article::new(id, "Untitled", false, "".into()));
                next.current = next.articles.len() - 1;
                next.focus = Focus::None;
            }
            Action::SelectedArticle(i) if i < next.articles.len() => {
                next.current = i;
                next.focus = Focus::None;
                next.mode = Mode::Read;
            }
            Action::SelectedArticle(_) => return self,
            Action::ClosedArticle(i) if i < next.articles.len() => {
                let closed = next.articles.remove(i);
                if next.articles.is_empty() {
                    let id = next.next_id;
                    next.next_id += 1;
                    next.articles
                        .push(Article::new(id, "Untitled", false, "".into()));
                }
                if next.current >= i && next.current > 0 {
                    next.current -= 1;
                }
                next.current = next.current.min(next.articles.len() - 1);
                let name = closed.name.clone();
                next.closed = Some((closed, i));
                next.notice = Some(Notice {
                    is_error: false,
                    message: format!("Closed “{name}”."),
                });
                next.focus = Focus::None;
            }
            Action::ClosedArticle(_) => return self,
            Action::UndidClose => {
                if let Some((article, i)) = next.closed.take() {
                    let i = i.min(next.articles.len());
                    let only_empty = next.articles.len() == 1 && next.articles[0].text.is_empty();
                    if only_empty {
                        next.articles.clear();
                    }
                    let i = i.min(next.articles.len());
                    next.articles.insert(i, article);
                    next.current = i;
                    next.notice = None;
                }
            }
            Action::Restored(saved, current) => {
                if saved.is_empty() {
                    return self;
                }
                next.articles = saved
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, by_file, text, page))| {
                        let mut article = Article::new(i as u64 + 1, &name, by_file, text.into());
                        article.page = page.map(Rc::new);
                        article
                    })
                    .collect();
                next.next_id = next.articles.len() as u64 + 1;
                next.current = current.min(next.articles.len() - 1);
            }
            Action::SentForAnalysis { article, revision } => {
                if let Some(a) = next.articles.iter_mut().find(|a| a.id == article) {
                    a.requested = a.requested.max(revision);
                }
            }
            Action::Analysed {
                article,
                revision,
                analysis,
                millis,
            } => {
                let Some(a) = next.articles.iter_mut().find(|a| a.id == article) else {
                    return self; // closed meanwhile
                };
                // Only an answer for the settled revision matches a text we still hold; an
                // older answer is superseded by the one on its way.
                if revision != a.settled {
                    return self;
                }
                let mut analysis = analysis;
                // The worker's answer is held nowhere else yet: stamped in place, not copied.
                if let (Some(page), Some(fresh)) = (&a.page, Rc::get_mut(&mut analysis)) {
                    page.stamp(fresh);
                }
                a.analysed_text = a.settled_text.clone();
                a.analysed = revision;
                a.analysis = Some(analysis);
                a.millis = Some(millis);
            }
            Action::Focused(focus) => {
                next.focus = if next.focus == focus {
                    Focus::None
                } else {
                    focus
                };
            }
            Action::ToggledType(t) => {
                if !next.hidden_types.remove(&t) {
                    next.hidden_types.insert(t);
                }
            }
            Action::SwitchedMode(mode) => next.mode = mode,
            Action::ShowedUnsure(on) => next.show_unsure = on,
            Action::CouldNotSave(reason) => {
                next.notice = Some(Notice {
                    is_error: false,
                    message: format!(
                        "Your text could not be kept across reloads ({reason}); it stays while this page is open."
                    ),
                });
            }
            Action::DismissedNotice => next.notice = None,
            Action::SplitArticles => {
                let text = next.current().text.clone();
                let parts = crate::compare::split_articles(&text);
                if parts.len() < 2 {
                    return self;
                }
                let at = next.current;
                let new: Vec<Article> = parts
                    .into_iter()
                    .map(|p| {
                        let id = next.next_id;
                        next.next_id += 1;
                        Article::new(id, &p.name, false, p.text.trim().into())
                    })
                    .collect();
                let count = new.len();
                next.articles.splice(at..=at, new);
                next.notice = Some(Notice {
                    is_error: false,
                    message: format!("Split into {count} articles."),
                });
                next.mode = Mode::Compare;
            }
        }
        Rc::new(next)
    }
}
