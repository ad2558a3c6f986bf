//! Types shared by the pipeline stages. All spans here are UTF-8 **byte** offsets into
//! [`Document::text`]; the contract module converts them to code points at the edge.

use crate::offsets::OffsetMap;
use std::ops::Range;

/// A half-open byte range `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The text this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What a token is, coarsely: enough for sentence splitting, quote context and features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Contains a letter (words, "don't", "Taliban’s", "U.S").
    Word,
    /// Starts with a digit ("206", "3.5", "1990s").
    Number,
    /// A quotation mark or apostrophe character on its own.
    QuoteMark,
    /// Any other punctuation or symbol.
    Punct,
}

/// A token: a word, number or punctuation mark, never whitespace.
///
/// Stored compactly, because a document holds one per word and mark (over two million for a
/// 10 MB text): a `u32` byte offset (texts are capped at [`crate::input::MAX_INPUT_BYTES`], far
/// below 4 GiB), and the length and kind in one more `u32`, 8 bytes in all. [`Token::span`] and
/// [`Token::kind`] read them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    /// The length in bytes in the low 30 bits, the kind in the top two.
    len_kind: u32,
}

// Two million tokens on a 10 MB text: keep it at 8 bytes.
const _: () = assert!(std::mem::size_of::<Token>() == 8);

/// The bits of [`Token`]'s `len_kind` that hold the length.
const TOKEN_LEN_BITS: u32 = 30;

impl Token {
    /// A token over `span`.
    ///
    /// # Panics
    /// When `span` ends beyond 4 GiB or is 1 GiB long (inputs are refused long before that).
    pub fn new(span: Span, kind: TokenKind) -> Self {
        let start = u32::try_from(span.start).expect("token offsets beyond 4 GiB");
        let len = u32::try_from(span.len())
            .ok()
            .filter(|&l| l < 1 << TOKEN_LEN_BITS && start.checked_add(l).is_some())
            .expect("token beyond 4 GiB or of 1 GiB");
        let kind_bits = match kind {
            TokenKind::Word => 0,
            TokenKind::Number => 1,
            TokenKind::QuoteMark => 2,
            TokenKind::Punct => 3,
        };
        Token {
            start,
            len_kind: len | kind_bits << TOKEN_LEN_BITS,
        }
    }
    /// Where it is, in bytes.
    #[inline]
    pub fn span(&self) -> Span {
        let start = self.start as usize;
        Span {
            start,
            end: start + (self.len_kind & ((1 << TOKEN_LEN_BITS) - 1)) as usize,
        }
    }
    /// What it is.
    #[inline]
    pub fn kind(&self) -> TokenKind {
        match self.len_kind >> TOKEN_LEN_BITS {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            2 => TokenKind::QuoteMark,
            _ => TokenKind::Punct,
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("span", &self.span())
            .field("kind", &self.kind())
            .finish()
    }
}

/// A sentence: a span and the tokens inside it.
///
/// Stored as `u32`s (20 bytes instead of 40; over 100,000 sentences on a 10 MB text):
/// [`Sentence::span`], [`Sentence::tokens`] and [`Sentence::paragraph`] read them.
#[derive(Clone, PartialEq, Eq)]
pub struct Sentence {
    start: u32,
    end: u32,
    first_token: u32,
    end_token: u32,
    paragraph: u32,
}

impl Sentence {
    /// A sentence over `span`, of the tokens `tokens`, in paragraph `paragraph`.
    ///
    /// # Panics
    /// When an offset or index is beyond 4 GiB (inputs are refused long before that).
    pub fn new(span: Span, tokens: Range<usize>, paragraph: usize) -> Self {
        let u = |x: usize| u32::try_from(x).expect("sentence offsets beyond 4 GiB");
        Sentence {
            start: u(span.start),
            end: u(span.end),
            first_token: u(tokens.start),
            end_token: u(tokens.end),
            paragraph: u(paragraph),
        }
    }
    /// From its first to its last token.
    #[inline]
    pub fn span(&self) -> Span {
        Span {
            start: self.start as usize,
            end: self.end as usize,
        }
    }
    /// Indices into [`Document::tokens`].
    #[inline]
    pub fn tokens(&self) -> Range<usize> {
        self.first_token as usize..self.end_token as usize
    }
    /// Index into [`Document::paragraphs`].
    #[inline]
    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }
}

impl std::fmt::Debug for Sentence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sentence")
            .field("span", &self.span())
            .field("tokens", &self.tokens())
            .field("paragraph", &self.paragraph())
            .finish()
    }
}

/// A paragraph: a block of text separated from its neighbours by a line break (or a blank line,
/// in hard-wrapped text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// From its first to its last non-space character.
    pub span: Span,
    /// Indices into [`Document::sentences`].
    pub sentences: Range<usize>,
}

/// The kind of a quotation, as the contract names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// A quoted sentence or clause.
    Direct,
    /// A quoted fragment inside the reporter's own sentence.
    Partial,
    /// A quoted term with no source: distance, irony or a coined name.
    Scare,
    /// Reported speech without quotation marks.
    Indirect,
}

/// One quotation found in the text: marked (direct, partial, scare) or reported (indirect).
///
/// Stored compactly, because a long text holds a great many (over 120,000 on 10 MB): a quotation
/// of one part keeps no list of parts (its part is its span), and the marks are `u32` offsets.
/// [`Quotation::parts`], [`Quotation::open_mark`] and [`Quotation::close_mark`] read them.
#[derive(Clone, PartialEq, Eq)]
pub struct Quotation {
    /// From the start of the first part to the end of the last part.
    pub span: Span,
    /// The parts of a quotation of several parts; `None` for one part, which is `span`. Boxed,
    /// so that the one-part quotations (nearly all) spend one pointer on it, not a `Vec`.
    #[allow(clippy::box_collection)]
    more_parts: Option<Box<Vec<Span>>>,
    open_mark: MarkSpan,
    close_mark: MarkSpan,
    /// What kind of quotation this is.
    pub kind: QuoteKind,
    /// How sure attribution is that this is speech as listed, in thousandths (see
    /// [`Quotation::confidence`]).
    confidence_milli: u16,
    /// Who said it, once attribution has run.
    pub speaker: Option<SpeakerRef>,
    /// The cue ("said", "according to"), once attribution has run.
    pub cue: Option<CueRef>,
}

// 122,829 quotations on a 10 MB text: keep them small (152 bytes before the sourcing stage
// gave the cue its class and the speaker a boxed anonymity reason, 168 before the speaker
// kept a relative pronoun's antecedent).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Quotation>() == 176);

impl Quotation {
    /// A quotation of one part, `span`, without marks, speaker or cue.
    pub fn new(span: Span, kind: QuoteKind) -> Self {
        Quotation {
            span,
            more_parts: None,
            open_mark: MarkSpan::NONE,
            close_mark: MarkSpan::NONE,
            kind,
            confidence_milli: 1000,
            speaker: None,
            cue: None,
        }
    }

    /// How sure attribution is, from 0 to 1, that this quotation is speech (or writing, or a
    /// view) of its speaker as listed: for reported speech without marks the relation model's
    /// probability; for quotations in marks the share right among such relations in training.
    /// 1 until attribution has run.
    pub fn confidence(&self) -> f64 {
        f64::from(self.confidence_milli) / 1000.0
    }

    /// Sets [`Quotation::confidence`] (clamped to 0–1, kept in thousandths).
    pub fn set_confidence(&mut self, p: f32) {
        self.confidence_milli = (p.clamp(0.0, 1.0) * 1000.0).round() as u16;
    }

    /// A quotation of the content pieces `parts` (in order), from the start of the first to the
    /// end of the last; `None` when there are none.
    pub fn from_parts(parts: Vec<Span>, kind: QuoteKind) -> Option<Self> {
        let (first, last) = (parts.first()?, parts.last()?);
        let mut q = Quotation::new(Span::new(first.start, last.end), kind);
        if parts.len() > 1 {
            q.more_parts = Some(Box::new(parts));
        }
        Some(q)
    }

    /// This quotation with its opening and closing marks.
    ///
    /// # Panics
    /// When a mark ends beyond 4 GiB (inputs are refused long before that).
    pub fn with_marks(mut self, open: Option<Span>, close: Option<Span>) -> Self {
        self.open_mark = MarkSpan::new(open);
        self.close_mark = MarkSpan::new(close);
        self
    }

    /// This quotation with a speaker and a cue.
    pub fn with_source(mut self, speaker: Option<SpeakerRef>, cue: Option<CueRef>) -> Self {
        self.speaker = speaker;
        self.cue = cue;
        self
    }

    /// The content pieces: one per paragraph for a multi-paragraph quote, otherwise one (the
    /// span).
    pub fn parts(&self) -> &[Span] {
        match &self.more_parts {
            Some(parts) => parts,
            None => std::slice::from_ref(&self.span),
        }
    }

    /// The opening mark, if there is one (none for indirect speech).
    #[inline]
    pub fn open_mark(&self) -> Option<Span> {
        self.open_mark.get()
    }

    /// The closing mark, if the quote was closed.
    #[inline]
    pub fn close_mark(&self) -> Option<Span> {
        self.close_mark.get()
    }
}

impl std::fmt::Debug for Quotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quotation")
            .field("span", &self.span)
            .field("parts", &self.parts())
            .field("open_mark", &self.open_mark())
            .field("close_mark", &self.close_mark())
            .field("kind", &self.kind)
            .field("confidence", &self.confidence())
            .field("speaker", &self.speaker)
            .field("cue", &self.cue)
            .finish()
    }
}

/// An optional mark span in two `u32`s (8 bytes instead of 24); a start of `u32::MAX` is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MarkSpan {
    start: u32,
    end: u32,
}

impl MarkSpan {
    const NONE: MarkSpan = MarkSpan {
        start: u32::MAX,
        end: u32::MAX,
    };

    fn new(span: Option<Span>) -> Self {
        let offset = |b: usize| {
            u32::try_from(b)
                .ok()
                .filter(|&b| b != u32::MAX)
                .expect("mark offsets beyond 4 GiB")
        };
        span.map_or(MarkSpan::NONE, |s| MarkSpan {
            start: offset(s.start),
            end: offset(s.end),
        })
    }

    #[inline]
    fn get(self) -> Option<Span> {
        (self.start != u32::MAX).then_some(Span {
            start: self.start as usize,
            end: self.end as usize,
        })
    }
}

/// The speaker of a quotation: the literal mention and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRef {
    /// The mention in the text ("he", "the spokesperson", "Andrabi").
    pub mention: Span,
    /// The resolved name ("Tahir Andrabi"); the mention's text when unresolved.
    pub name: String,
    /// Index into [`Document::entities`], when it resolves to an entity.
    pub entity: Option<usize>,
    /// An unnamed source ("a senior official", "diplomatic sources").
    pub anonymous: bool,
    /// How the mention was resolved to `name`.
    pub resolved_by: ResolvedBy,
    /// How sure the resolution is, in thousandths (0–1000); see [`SpeakerRef::confidence`].
    pub confidence_milli: u16,
    /// For an unnamed source, the words that say why it is not named ("because they were not
    /// authorised to discuss the talks"), when the text gives them (set by the sourcing stage).
    /// Boxed: few speakers have one, and every quotation carries the field.
    pub anonymity_reason: Option<Box<Span>>,
    /// For a relative pronoun mention ("the political novice who wants…", "Sanders, who
    /// said…"), the noun phrase it stands for, when attribution found one: the speaker stage
    /// reads the mention as that phrase.
    pub antecedent: Option<Box<Span>>,
}

impl SpeakerRef {
    /// A speaker for `mention` shown as `name`, resolved by `resolved_by`, with full
    /// confidence and no entity (the speaker stage sets both).
    pub fn new(mention: Span, name: String, anonymous: bool, resolved_by: ResolvedBy) -> Self {
        SpeakerRef {
            mention,
            name,
            entity: None,
            anonymous,
            resolved_by,
            confidence_milli: 1000,
            anonymity_reason: None,
            antecedent: None,
        }
    }

    /// How sure the resolution is (0–1): among resolutions at 0.9 or more, at least nine in
    /// ten were right on PolNeAR dev (`eval speakers`).
    pub fn confidence(&self) -> f32 {
        f32::from(self.confidence_milli) / 1000.0
    }
}

/// How a source mention was resolved to the name shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ResolvedBy {
    /// The mention names the speaker ("Andrabi", "Foreign Office spokesperson Tahir Andrabi").
    Name,
    /// A pronoun ("he", "they") resolved to an entity named elsewhere.
    Pronoun,
    /// A description ("the spokesperson", "the newspaper") resolved to an entity.
    Description,
    /// No source of its own: the speaker of the quote it continues.
    Continuation,
    /// Not resolved to a named entity: an unnamed source ("officials") or an unresolved mention.
    #[default]
    None,
}

impl ResolvedBy {
    /// The contract's spelling: `"name"`, `"pronoun"`, `"description"`, `"continuation"`,
    /// `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedBy::Name => "name",
            ResolvedBy::Pronoun => "pronoun",
            ResolvedBy::Description => "description",
            ResolvedBy::Continuation => "continuation",
            ResolvedBy::None => "none",
        }
    }
}

/// The cue of a quotation: the verb or phrase that introduces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueRef {
    /// The cue in the text ("said", "according to").
    pub span: Span,
    /// Its dictionary form ("say").
    pub lemma: Lemma,
    /// What the verb implies about the speaker or the claim, when it is not neutral (set by
    /// the sourcing stage, [`crate::sourcing`]).
    pub loaded: Option<Loaded>,
}

/// A loaded attribution verb's class: what it tells the reader beyond "said" (the classes and
/// their words are in `models/loaded-cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loaded {
    /// Casts doubt on the claim ("claimed", "alleged", "insisted").
    Doubt,
    /// Presents the words as a concession ("admitted", "conceded").
    Admission,
    /// Vouches for the content ("noted", "pointed out", "revealed").
    Endorsement,
    /// Judges the speaker's manner ("slammed", "boasted", "ranted").
    Emotion,
}

impl Loaded {
    /// Every class, in the order the audit lists them.
    pub const ALL: [Loaded; 4] = [
        Loaded::Doubt,
        Loaded::Admission,
        Loaded::Endorsement,
        Loaded::Emotion,
    ];

    /// The contract's name: "doubt", "admission", "endorsement", "emotion".
    pub fn as_str(self) -> &'static str {
        match self {
            Loaded::Doubt => "doubt",
            Loaded::Admission => "admission",
            Loaded::Endorsement => "endorsement",
            Loaded::Emotion => "emotion",
        }
    }

    /// The class named `name` (the contract's name).
    pub fn from_name(name: &str) -> Option<Loaded> {
        Loaded::ALL.into_iter().find(|l| l.as_str() == name)
    }
}

/// A cue's dictionary form: borrowed from the cue lexicon for the cue words it lists (nearly
/// all), so that a quotation's cue takes no heap block; owned for the other verbs.
pub type Lemma = std::borrow::Cow<'static, str>;

/// The 18 OntoNotes entity types, in the NER model's label order (a [`Mention`]'s `label` is
/// one of them).
pub const ENTITY_TYPES: [&str; 18] = [
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
];

/// Reported speech (a quotation without marks) below this [`Quotation::confidence`] is unsure
/// whether anyone said anything: the app leaves it out of *Who said what* and share of voice
/// unless the reader asks for it and draws it faintly, and the speaker stage does not take its
/// speaker as the previous one. 0.5: more likely right than wrong (not tuned; on PolNeAR dev,
/// reported speech at or above it is right 0.906 of the time against 0.816 for all of it,
/// docs/eval-polnear.md).
pub const UNSURE_BELOW: f64 = 0.5;

/// One named entity mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// Its type label (OntoNotes set: PERSON, ORG, GPE, …).
    pub label: &'static str,
}

/// One real-world entity: all mentions that refer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCluster {
    /// The fullest proper name.
    pub name: String,
    /// Its type label.
    pub label: &'static str,
    /// Other names it goes by in the text.
    pub aliases: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
}

/// What the entity and summary stages add to an [`EntityCluster`]: same index in
/// [`Document::entity_info`] as in [`Document::entities`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EntityInfo {
    /// Appositives and titles ("director general of Inter-Services Public Relations"), in
    /// text order, without duplicates.
    pub descriptors: Vec<String>,
    /// How many quotations point to this entity.
    pub quote_count: usize,
    /// Score for sorting entity cards (see `docs/entities.md`).
    pub salience: f64,
    /// Normalised value: an ISO date ("2025-11-07", "2025-10", "2025") for DATE, a plain number
    /// ("206", "45000000") for figures.
    pub value: Option<String>,
    /// A figure's qualifier ("at least", "more than").
    pub qualifier: Option<String>,
    /// What a figure counts ("Afghan Taliban fighters").
    pub counts: Option<String>,
    /// A figure's unit ("USD", "%").
    pub unit: Option<String>,
    /// A person's gender as the text states it, with the words that state it (a title such
    /// as "Mrs.", a gendered noun, a "he"/"she" resolved to them); never guessed from a name.
    pub gender: Option<(Gender, Span)>,
}

/// A gender the text states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// "she", "Mrs.", "congresswoman".
    Female,
    /// "he", "Mr.", "congressman".
    Male,
}

impl Gender {
    /// The contract's name: "female" or "male".
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

/// The document as the pipeline builds it: the text and one layer per stage.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    /// The text being analysed.
    pub text: &'t str,
    /// Offset conversions for `text`.
    pub offsets: OffsetMap,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Tokens, in order.
    pub tokens: Vec<Token>,
    /// Quotations, in order, never overlapping.
    pub quotations: Vec<Quotation>,
    /// Entity mentions, in order.
    pub mentions: Vec<Mention>,
    /// Entities (clusters of mentions).
    pub entities: Vec<EntityCluster>,
    /// Per-entity summaries, parallel to `entities` (filled by the entity and summary stages).
    pub entity_info: Vec<EntityInfo>,
    /// The article's own date, from a dateline or a "date" line, when the text gives one.
    pub date: Option<Ymd>,
}

impl<'t> Document<'t> {
    /// An empty document over `text`; stages add the layers.
    pub fn new(text: &'t str) -> Self {
        Document {
            text,
            offsets: OffsetMap::new(text),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            quotations: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            entity_info: Vec::new(),
            date: None,
        }
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &'t str {
        span.slice(self.text)
    }

    /// Index of the sentence containing byte `pos`, or the last sentence starting before it.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.span().start <= pos);
        idx.checked_sub(1)
    }

    /// Index of the paragraph containing byte `pos`, or the last one starting before it.
    pub fn paragraph_at(&self, pos: usize) -> Option<usize> {
        let idx = self.paragraphs.partition_point(|p| p.span.start <= pos);
        idx.checked_sub(1)
    }

    /// Index of the first token that starts at or after byte `pos`.
    pub fn token_from(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span().start < pos)
    }
}
