//! App state and its reducer. Actions are named for what the user did.

use crate::contract::Analysis;
use crate::input;
use std::rc::Rc;
use yew::Reducible;

/// A message for the reader: a problem with their input, or a note about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// True for problems (the input was not analysed), false for notes.
    pub is_error: bool,
    /// What to tell the reader, naming the file where there is one.
    pub message: String,
}

/// Everything the page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    /// The text in the input box.
    pub text: Rc<str>,
    /// Where the text came from (a file name), if not typed or pasted.
    pub source: Option<Rc<str>>,
    /// The text the current analysis belongs to (lags `text` while typing).
    pub analysed_text: Rc<str>,
    /// The analysis of `analysed_text`.
    pub analysis: Option<Rc<Analysis>>,
    /// A problem or note to show.
    pub notice: Option<Notice>,
}

/// What the user did.
#[derive(Debug, Clone)]
pub enum Action {
    /// Typed or pasted into the input box.
    Typed(String),
    /// Stopped typing for a moment: analyse what is there.
    PauseAfterTyping,
    /// Opened or dropped a file that decoded to text.
    OpenedFile {
        /// The file's name.
        name: String,
        /// Its text.
        text: String,
        /// Decoding notes (e.g. replaced bytes).
        warnings: Vec<String>,
    },
    /// Opened or dropped a file that cannot be analysed.
    OpenedUnreadableFile {
        /// The file's name.
        name: String,
        /// Why not.
        reason: String,
    },
}

impl AppState {
    fn analysed(mut self, text: Rc<str>) -> Self {
        self.analysis = match input::check_text(&text) {
            Ok(()) => Some(Rc::new(crate::analyze(&text))),
            Err(input::InputError::Empty) => None,
            Err(e) => {
                self.notice = Some(Notice {
                    is_error: true,
                    message: e.to_string(),
                });
                None
            }
        };
        self.analysed_text = text;
        self
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Typed(text) => {
                next.text = text.into();
                next.source = None;
                next.notice = None;
            }
            Action::PauseAfterTyping => {
                if next.analysed_text == next.text {
                    return self;
                }
                let text = next.text.clone();
                next = next.analysed(text);
            }
            Action::OpenedFile {
                name,
                text,
                warnings,
            } => {
                let text: Rc<str> = text.into();
                next.text = text.clone();
                next.source = Some(name.as_str().into());
                next.notice = (!warnings.is_empty()).then(|| Notice {
                    is_error: false,
                    message: format!("{name}: {}", warnings.join("; ")),
                });
                next = next.analysed(text);
            }
            Action::OpenedUnreadableFile { name, reason } => {
                // The text already in the box stays: nothing is lost.
                next.notice = Some(Notice {
                    is_error: true,
                    message: format!("{name}: {reason}"),
                });
            }
        }
        Rc::new(next)
    }
}
