//! Evaluation on the polnear corpora (in progress in this session).

/// Runs the evaluation.
pub fn run(_args: &[String]) -> Result<(), String> {
    Err("the polnear evaluation is not written yet".to_string())
}
