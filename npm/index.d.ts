// Types of the quotelens JSON contract (docs/contract.md in the repository). Offsets are
// Unicode code points, end-exclusive: not JavaScript string (UTF-16) indices.

/** A half-open range of code points. */
export interface Range {
  start: number;
  end: number;
}

/** A stretch of the text: its range and its words. */
export interface Snippet extends Range {
  text: string;
}

/** Who said a quotation. */
export interface Speaker extends Range {
  /** The resolved name ("Tahir Andrabi"), or the mention's own text. */
  name: string;
  /** The entity it resolves to: an index into `Analysis.entities`. */
  entity: number | null;
  /** True for unnamed sources ("a senior official"). */
  anonymous: boolean;
  resolved_by: "name" | "pronoun" | "description" | "continuation" | "none";
  /** How sure the speaker ranker is, 0–1. */
  confidence: number;
  /** For an unnamed source, the words that say why it is not named. */
  anonymity_reason: Snippet | null;
}

/** The verb or phrase that introduces a quotation. */
export interface Cue extends Range {
  text: string;
  /** Its dictionary form ("warn"). */
  lemma: string;
  /** null for a neutral verb; else what the verb implies. */
  loaded: "doubt" | "admission" | "endorsement" | "emotion" | null;
}

/** One quotation. `start`/`end` bound its content, inside the marks. */
export interface Quote extends Range {
  /** Index in `Analysis.quotes`. */
  id: number;
  text: string;
  kind: "direct" | "partial" | "scare" | "indirect";
  /** The content pieces, one per paragraph of a quote that runs over several. */
  parts: Range[];
  /** false when the quote was opened and never closed. */
  closed: boolean;
  speaker: Speaker | null;
  cue: Cue | null;
  /** How sure attribution is that this is speech of its speaker, 0–1. */
  confidence: number;
}

/** One real-world entity, aliases merged. */
export interface Entity {
  /** Index in `Analysis.entities`. */
  id: number;
  name: string;
  /** OntoNotes type: PERSON, ORG, GPE, DATE, CARDINAL, … */
  type: string;
  aliases: string[];
  mentions: Range[];
  descriptors: string[];
  quote_count: number;
  first_mention: number;
  salience: number;
  /** DATE: an ISO date; figures: the number as a plain decimal string. */
  value?: string;
  qualifier?: string;
  counts?: string;
  unit?: string;
  gender?: "female" | "male";
  gender_evidence?: Snippet;
}

/** The analysis of one text: the quotelens JSON contract, version 1. */
export interface Analysis {
  version: number;
  /** Length of the text in code points. */
  text_length: number;
  quotes: Quote[];
  entities: Entity[];
  /** The article's own date (ISO), when the text gives one. */
  date?: string;
  title?: string;
  source_url?: string;
}

/**
 * Analyses a news text: its quotations, their speakers and cues, and its entities. The same
 * contract as `quotelens analyze` prints (without its "path"). Throws an Error for a text over
 * 32 MiB of UTF-8.
 */
export function analyze(text: string): Analysis;

/** The version of the JSON contract the results follow (1). */
export function contractVersion(): number;
