/**
 * FHIR `date`, `dateTime` and `instant` values as the span of time they name: `2013` is the whole
 * year, `2013-03-08` the whole day (UTC), a date-time the instant. Point-in-time reading asks
 * whether something had begun by `now` (its earliest moment) or had ended by `now` (its latest).
 */
/** A FHIR time: its earliest and latest moments, and the text the context can carry when it is exact enough. */
export interface FhirTime {
  readonly earliest: number;
  readonly latest: number;
  /** A date or a date-time with a zone, as the context accepts it; undefined for a year or a month alone. */
  readonly instant: string | undefined;
}

const pattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** Reads a FHIR date, dateTime or instant; undefined when the text is none of them (or not a real date). */
export function readTime(text: string | undefined): FhirTime | undefined {
  if (text === undefined) return undefined;
  const m = pattern.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h] = m;
  const year = Number(y);
  if (mo === undefined) return { earliest: Date.UTC(year, 0, 1), latest: Date.UTC(year + 1, 0, 1) - 1, instant: undefined };
  const month = Number(mo) - 1;
  if (month > 11) return undefined;
  if (d === undefined) return { earliest: Date.UTC(year, month, 1), latest: Date.UTC(year, month + 1, 1) - 1, instant: undefined };
  const day = Number(d);
  if (day < 1 || day > new Date(Date.UTC(year, month + 1, 0)).getUTCDate()) return undefined;
  if (h === undefined) return { earliest: Date.UTC(year, month, day), latest: Date.UTC(year, month, day + 1) - 1, instant: text.trim() };
  const at = Date.parse(text.trim());
  if (Number.isNaN(at)) return undefined;
  return { earliest: at, latest: at, instant: text.trim() };
}
