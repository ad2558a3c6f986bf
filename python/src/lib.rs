//! The native half of the `quotelens` Python package, imported as `quotelens._quotelens`.
//!
//! It hands the core's analyses to Python as the contract's JSON text
//! ([`quotelens::contract::Analysis`] serialised by serde_json, exactly as the CLI writes it);
//! `quotelens/__init__.py` turns that text into dicts with `json.loads`, so a Python analysis
//! equals the CLI's, numbers included. The analysis runs with the GIL released.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use quotelens::contract::Analysis;
use quotelens::input::{self, InputError};

/// The text of a Python `str`, or a `ValueError` saying why it cannot be analysed: not a `str`,
/// not encodable as UTF-8 (a lone surrogate), or over [`input::MAX_INPUT_BYTES`]. `what` names
/// the argument in the message.
fn text_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let Ok(s) = value.cast::<PyString>() else {
        let type_name = value
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        return Err(PyValueError::new_err(format!(
            "{what} must be a str, not {type_name}"
        )));
    };
    let text = s
        .to_cow()
        .map_err(|e| PyValueError::new_err(format!("{what} is not valid Unicode text: {e}")))?;
    if let Err(e @ InputError::TooLarge { .. }) = input::check_text(&text) {
        return Err(PyValueError::new_err(format!("{what}: {e}")));
    }
    Ok(text.into_owned())
}

/// The contract's JSON of one analysis, on one line, as `quotelens analyze` prints it (without
/// "path").
fn contract_json(analysis: &Analysis) -> String {
    serde_json::to_string(analysis).expect("the contract always serialises")
}

/// Analyses `text` and returns the contract as JSON text (one line, no "path"). Raises
/// ValueError for a non-str or a text over MAX_INPUT_BYTES bytes of UTF-8.
#[pyfunction]
fn analyze_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_of(text, "text")?;
    Ok(py.detach(move || contract_json(&quotelens::analyze(&text))))
}

/// Analyses every str of the iterable `texts` on `jobs` threads (None: one per core) with the
/// GIL released, and returns the contract's JSON text of each, in the texts' order.
#[pyfunction]
#[pyo3(signature = (texts, jobs = None))]
fn analyze_many_json(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    jobs: Option<usize>,
) -> PyResult<Vec<String>> {
    let jobs = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be 1 or more")),
        Some(n) => n,
        None => quotelens::batch::default_jobs(),
    };
    if texts.is_instance_of::<PyString>() {
        return Err(PyValueError::new_err(
            "texts must be an iterable of str, not one str (use analyze for one text)",
        ));
    }
    let mut owned = Vec::new();
    for (i, item) in texts.try_iter()?.enumerate() {
        owned.push(text_of(&item?, &format!("texts[{i}]"))?);
    }
    Ok(py.detach(move || {
        quotelens::batch::map_ordered(owned, jobs, |t| contract_json(&quotelens::analyze(&t)))
    }))
}

/// The CSV export of the web app (one row per quotation, RFC 4180, CRLF) for analyses given as
/// contract JSON texts, each named by the str at the same place in `names`.
#[pyfunction]
fn quotations_csv(analyses: Vec<String>, names: Vec<String>) -> PyResult<String> {
    if analyses.len() != names.len() {
        return Err(PyValueError::new_err(
            "analyses and names must have the same length",
        ));
    }
    let parsed = analyses
        .iter()
        .map(|a| serde_json::from_str::<Analysis>(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyValueError::new_err(format!("not a quotelens analysis: {e}")))?;
    Ok(quotelens::export::quotes_csv(
        names.iter().map(String::as_str).zip(parsed.iter()),
    ))
}

/// The module `quotelens._quotelens`.
#[pymodule]
fn _quotelens(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many_json, m)?)?;
    m.add_function(wrap_pyfunction!(quotations_csv, m)?)?;
    m.add("MAX_INPUT_BYTES", input::MAX_INPUT_BYTES)?;
    m.add("CONTRACT_VERSION", quotelens::contract::CONTRACT_VERSION)?;
    m.add(
        "QUOTATION_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), quotelens::export::CSV_HEADER)?,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
