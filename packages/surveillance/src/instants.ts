/** Instants of the record as milliseconds: a calendar date spans its whole day, a date-time is one moment. */
import { parseInstant } from "@steward/core";

const DAY = 86_400_000;

/** The first moment an instant can mean (midnight UTC for a date). */
export function earliest(text: string): number {
  return parseInstant(text);
}

/** The last moment an instant can mean (the end of the day for a date). */
export function latest(text: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseInstant(text) + DAY - 1 : parseInstant(text);
}

/** Hours between two moments. */
export function hoursBetween(from: number, to: number): number {
  return (to - from) / 3_600_000;
}

/** The `YYYY-MM` month of a moment, in UTC. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
