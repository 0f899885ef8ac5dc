/**
 * The service's durable data, in one SQLite file (WAL journal): the cards issued (what each showed,
 * for which rule and guideline version, for which patient pseudonym), the suggestions on them, the
 * feedback clinicians gave, the cards shown at order-select for each draft order, and the ids of
 * tokens already used. Patients are kept only as a keyed hash (HMAC-SHA256 with a key made when the
 * file is created) of the client and the patient id: the file never holds a patient identifier.
 * Feedback is written through a connection that syncs every commit to disk, so feedback the service
 * has answered survives a crash of the process or the machine; the rest is written with the faster
 * setting that survives a crash of the process.
 */
import { createHmac, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import type { Feedback } from "../feedback-request.js";
import type { IssuedCard } from "../cards.js";

/** The version of the file's schema this code reads and writes. */
export const STORE_SCHEMA_VERSION = 1;

/** Each migration brings the schema from the version before it to its index + 1. */
const migrations: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
   CREATE TABLE issued_cards (
     uuid TEXT PRIMARY KEY, issued_at TEXT NOT NULL, service TEXT NOT NULL, hook TEXT NOT NULL, patient TEXT NOT NULL,
     card_key TEXT NOT NULL, alert_keys TEXT NOT NULL, guideline TEXT NOT NULL, version TEXT NOT NULL, rule TEXT NOT NULL) STRICT;
   CREATE INDEX issued_cards_by_patient ON issued_cards (patient, issued_at);
   CREATE TABLE issued_suggestions (uuid TEXT PRIMARY KEY, card TEXT NOT NULL REFERENCES issued_cards (uuid), label TEXT NOT NULL) STRICT;
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY, card TEXT NOT NULL, service TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
     accepted_suggestions TEXT, reason_system TEXT, reason_code TEXT, reason_display TEXT, user_comment TEXT,
     outcome_at TEXT NOT NULL, received_at TEXT NOT NULL) STRICT;
   CREATE INDEX feedback_by_card ON feedback (card);
   CREATE TABLE shown_at_select (patient TEXT NOT NULL, draft_order TEXT NOT NULL, card_key TEXT NOT NULL, shown_at TEXT NOT NULL,
     PRIMARY KEY (patient, draft_order, card_key)) STRICT;
   CREATE TABLE seen_tokens (issuer TEXT NOT NULL, jti TEXT NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (issuer, jti)) STRICT;`,
];

/** What clinicians did with one rule's cards, in one guideline version. */
export interface OverrideRate {
  readonly guideline: string;
  readonly version: string;
  /** The rule, or `treatments` for a guideline's treatment card. */
  readonly rule: string;
  /** Cards issued. */
  readonly shown: number;
  /** Cards with at least one suggestion accepted. */
  readonly accepted: number;
  /** Cards overridden. */
  readonly overridden: number;
  /** Overridden cards over cards with feedback; absent before any feedback. */
  readonly overrideRate?: number;
  /** The override reasons given, most frequent first. */
  readonly reasons: readonly { readonly system: string; readonly code: string; readonly display?: string; readonly count: number }[];
}

/** An alert acknowledged through feedback, as the evaluator takes it. */
export interface FeedbackAcknowledgement {
  readonly key: string;
  readonly at: string;
}

/** The durable store; open one per process with `openStore`. */
export class FeedbackStore {
  private readonly fast: Database.Database;
  private readonly safe: Database.Database;
  private readonly patientKey: Buffer;

  /** Opens (creating or upgrading) the file at `path`; throws when it was written by a newer schema. */
  constructor(readonly path: string) {
    this.fast = new Database(path);
    this.fast.pragma("journal_mode = WAL");
    this.fast.pragma("busy_timeout = 5000");
    this.fast.pragma("synchronous = NORMAL");
    this.fast.pragma("foreign_keys = ON");
    migrate(this.fast);
    this.safe = new Database(path);
    this.safe.pragma("busy_timeout = 5000");
    this.safe.pragma("synchronous = FULL");
    const key = this.fast.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'patient-key'").get();
    this.patientKey = Buffer.from(key!.value, "hex");
  }

  /** The pseudonym of a patient of a client: a keyed hash, the same for every call about that patient. */
  patient(client: string, patientId: string): string {
    return createHmac("sha256", this.patientKey).update(`${client}\n${patientId}`).digest("hex");
  }

  /** Records the cards of one response. */
  recordIssued(call: { readonly service: string; readonly hook: string; readonly patient: string; readonly at: string }, cards: readonly IssuedCard[]): void {
    const card = this.fast.prepare("INSERT OR REPLACE INTO issued_cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const suggestion = this.fast.prepare("INSERT OR REPLACE INTO issued_suggestions VALUES (?, ?, ?)");
    this.fast.transaction(() => {
      for (const c of cards) {
        card.run(c.uuid, call.at, call.service, call.hook, call.patient, c.key, JSON.stringify(c.alertKeys), c.guideline, c.version, c.rule);
        for (const s of c.suggestions) suggestion.run(s.uuid, c.uuid, s.label);
      }
    })();
  }

  /** Records the cards shown at order-select for each selected draft order. */
  recordShownAtSelect(patient: string, draftOrders: readonly string[], cardKeys: readonly string[], at: string): void {
    const shown = this.fast.prepare("INSERT OR REPLACE INTO shown_at_select VALUES (?, ?, ?, ?)");
    this.fast.transaction(() => {
      for (const order of draftOrders) for (const key of cardKeys) shown.run(patient, order, key, at);
    })();
  }

  /** Keys of the cards shown at order-select since `since` for any of these draft orders. */
  shownAtSelect(patient: string, draftOrders: readonly string[], since: string): Set<string> {
    const rows = this.fast
      .prepare<[string, string, string], { card_key: string }>("SELECT DISTINCT card_key FROM shown_at_select WHERE patient = ? AND shown_at >= ? AND draft_order IN (SELECT value FROM json_each(?))")
      .all(patient, since, JSON.stringify(draftOrders));
    return new Set(rows.map((r) => r.card_key));
  }

  /** Stores feedback (each piece in the order given); returns how many pieces named a card this service issued. */
  recordFeedback(service: string, feedback: readonly Feedback[], receivedAt: string): number {
    const insert = this.safe.prepare("INSERT INTO feedback (card, service, outcome, accepted_suggestions, reason_system, reason_code, reason_display, user_comment, outcome_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const known = this.safe.prepare<[string], { n: number }>("SELECT count(*) AS n FROM issued_cards WHERE uuid = ?");
    return this.safe.transaction(() => {
      let matched = 0;
      for (const f of feedback) {
        const reason = f.overrideReason?.reason;
        insert.run(
          f.card,
          service,
          f.outcome,
          f.acceptedSuggestions === undefined ? null : JSON.stringify(f.acceptedSuggestions.map((s) => s.id)),
          reason?.system ?? null,
          reason?.code ?? null,
          reason?.display ?? null,
          f.overrideReason?.userComment ?? null,
          new Date(f.outcomeTimestamp).toISOString(),
          receivedAt,
        );
        matched += known.get(f.card)!.n;
      }
      return matched;
    })();
  }

  /** The alerts acknowledged through feedback on this patient's cards since `since`. */
  acknowledgements(patient: string, since: string): FeedbackAcknowledgement[] {
    const rows = this.fast
      .prepare<[string, string], { alert_keys: string; at: string }>(
        "SELECT c.alert_keys, max(f.outcome_at) AS at FROM feedback f JOIN issued_cards c ON c.uuid = f.card WHERE c.patient = ? AND f.outcome_at >= ? GROUP BY c.uuid ORDER BY at",
      )
      .all(patient, since);
    return rows.flatMap((r) => (JSON.parse(r.alert_keys) as string[]).map((key) => ({ key, at: r.at })));
  }

  /** Keys of this patient's cards that had feedback since `since`: they are not shown again until then. */
  cardsWithFeedback(patient: string, since: string): Set<string> {
    const rows = this.fast.prepare<[string, string], { card_key: string }>("SELECT DISTINCT c.card_key FROM feedback f JOIN issued_cards c ON c.uuid = f.card WHERE c.patient = ? AND f.outcome_at >= ?").all(patient, since);
    return new Set(rows.map((r) => r.card_key));
  }

  /** Marks a token as used; false when it had been used already (a replay). */
  claimToken(issuer: string, jti: string, expires: number): boolean {
    return this.fast.prepare("INSERT OR IGNORE INTO seen_tokens VALUES (?, ?, ?)").run(issuer, jti, expires).changes === 1;
  }

  /** Forgets what can no longer matter: tokens past their expiry, order-select cards older than `before`. */
  prune(nowSeconds: number, before: string): void {
    this.fast.prepare("DELETE FROM seen_tokens WHERE expires < ?").run(nowSeconds);
    this.fast.prepare("DELETE FROM shown_at_select WHERE shown_at < ?").run(before);
  }

  /** What clinicians did with each rule's cards, by guideline version; the most overridden first. */
  overrideRates(): OverrideRate[] {
    const rows = this.fast
      .prepare<[], { guideline: string; version: string; rule: string; shown: number; accepted: number; overridden: number; answered: number }>(
        `SELECT c.guideline, c.version, c.rule, count(*) AS shown,
                sum(EXISTS (SELECT 1 FROM feedback f WHERE f.card = c.uuid AND f.outcome = 'accepted')) AS accepted,
                sum(EXISTS (SELECT 1 FROM feedback f WHERE f.card = c.uuid AND f.outcome = 'overridden')) AS overridden,
                sum(EXISTS (SELECT 1 FROM feedback f WHERE f.card = c.uuid)) AS answered
           FROM issued_cards c GROUP BY c.guideline, c.version, c.rule`,
      )
      .all();
    const reasons = this.fast.prepare<[string, string, string], { system: string; code: string; display: string | null; count: number }>(
      `SELECT f.reason_system AS system, f.reason_code AS code, max(f.reason_display) AS display, count(*) AS count
         FROM feedback f JOIN issued_cards c ON c.uuid = f.card
        WHERE c.guideline = ? AND c.version = ? AND c.rule = ? AND f.reason_code IS NOT NULL
        GROUP BY f.reason_system, f.reason_code ORDER BY count DESC, f.reason_code`,
    );
    return rows
      .map((r): OverrideRate => ({
        guideline: r.guideline,
        version: r.version,
        rule: r.rule,
        shown: r.shown,
        accepted: r.accepted,
        overridden: r.overridden,
        ...(r.answered === 0 ? {} : { overrideRate: r.overridden / r.answered }),
        reasons: reasons.all(r.guideline, r.version, r.rule).map((x) => ({ system: x.system, code: x.code, ...(x.display === null ? {} : { display: x.display }), count: x.count })),
      }))
      .sort((a, b) => (b.overrideRate ?? -1) - (a.overrideRate ?? -1) || a.guideline.localeCompare(b.guideline) || a.rule.localeCompare(b.rule) || a.version.localeCompare(b.version));
  }

  /** How many pieces of feedback the file holds. */
  feedbackCount(): number {
    return this.fast.prepare<[], { n: number }>("SELECT count(*) AS n FROM feedback").get()!.n;
  }

  /** Closes both connections. */
  close(): void {
    this.safe.close();
    this.fast.close();
  }
}

/** Brings a file to the current schema in one transaction, or refuses one from a newer version. */
function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > STORE_SCHEMA_VERSION) throw new Error(`the feedback file has schema version ${version}; this Steward reads version ${STORE_SCHEMA_VERSION} and older: use a newer Steward`);
  if (version === STORE_SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = version; v < STORE_SCHEMA_VERSION; v++) db.exec(migrations[v]!);
    if (version === 0) db.prepare("INSERT INTO meta VALUES ('patient-key', ?)").run(randomBytes(32).toString("hex"));
    db.pragma(`user_version = ${STORE_SCHEMA_VERSION}`);
  }).immediate();
}
