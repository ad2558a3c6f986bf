//! Keeping the reader's articles across reloads, in the browser's localStorage.

use crate::html::PageInfo;
use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// The storage key; bump the suffix if the saved shape changes.
const KEY: &str = "quotelens.articles.v1";

#[derive(Serialize, Deserialize)]
struct Saved {
    current: usize,
    articles: Vec<SavedArticle>,
}

#[derive(Serialize, Deserialize)]
struct SavedArticle {
    name: String,
    from_file: bool,
    text: String,
    /// The web page it came from: its title, address and date (absent for other texts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

/// Saved articles: (name, named after a file, text, the web page it came from).
pub type SavedArticles = Vec<(String, bool, String, Option<PageInfo>)>;

/// Saves the articles; returns why not on failure (usually the storage quota).
pub fn save(articles: SavedArticles, current: usize) -> Result<(), String> {
    let saved = Saved {
        current,
        articles: articles
            .into_iter()
            .map(|(name, from_file, text, page)| {
                let PageInfo { title, url, date } = page.unwrap_or_default();
                SavedArticle {
                    name,
                    from_file,
                    text,
                    title,
                    url,
                    date,
                }
            })
            .collect(),
    };
    LocalStorage::set(KEY, saved).map_err(|e| match e {
        gloo::storage::errors::StorageError::JsError(_) => {
            "the browser's storage is full or switched off".to_string()
        }
        other => other.to_string(),
    })
}

/// The saved articles and current index, if any were saved and they still parse.
pub fn load() -> Option<(SavedArticles, usize)> {
    let saved: Saved = LocalStorage::get(KEY).ok()?;
    let articles = saved
        .articles
        .into_iter()
        .map(|a| {
            let (title, url, date) = (a.title, a.url, a.date);
            let page = (title.is_some() || url.is_some()).then_some(PageInfo { title, url, date });
            (a.name, a.from_file, a.text, page)
        })
        .collect();
    Some((articles, saved.current))
}
