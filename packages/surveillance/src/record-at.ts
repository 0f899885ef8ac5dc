/**
 * A patient's record, sent as it stands at the end of the audit period, cut back to what it held at
 * an earlier moment: facts recorded or begun later are left out, results reported later are
 * pending, and each course is current or over as its dates say then — the reading `fromFhir` makes
 * of a FHIR record at that moment, so the two inputs audit alike. The order being audited is the
 * draft being written.
 */
import type { Order, PastCourse, PatientContext, PatientContextInput } from "@steward/core";
import { earliest, latest } from "./instants.js";

/** Which course of the record: its list and its position there. */
export interface CourseRef {
  readonly list: "orders" | "medicationHistory";
  readonly index: number;
}

type Course = Order | PastCourse;
type CourseState = "active" | "draft" | "completed" | "stopped";

const after = (text: string | undefined, at: number): boolean => text !== undefined && earliest(text) > at;

/** Current or over at `at`: a running course whose end has passed is over; an ended one still inside its dates is current. */
function stateAt(status: CourseState, course: Course, at: number): CourseState {
  const ended = course.end !== undefined && latest(course.end) <= at;
  if (status === "active") return ended ? "completed" : "active";
  if (status === "draft") return "draft";
  const running = course.start !== undefined && earliest(course.start) <= at && course.end !== undefined && latest(course.end) > at;
  return running ? "active" : status;
}

/** The record as it stood at `at` (milliseconds), with `draft` as the order being written. */
export function recordAt(context: PatientContext, at: number, draft: CourseRef | undefined): PatientContextInput {
  const out: { -readonly [K in keyof PatientContextInput]: PatientContextInput[K] } = { patient: context.patient, setting: context.setting };
  if (context.admitted !== undefined && !after(context.admitted, at)) out.admitted = context.admitted;
  if (context.diagnoses !== undefined) out.diagnoses = context.diagnoses.filter((d) => !after(d.recorded, at) && !after(d.onset, at));
  if (context.allergies !== undefined) out.allergies = context.allergies;
  if (context.observations !== undefined) out.observations = context.observations.filter((o) => !after(o.time, at));
  if (context.findings !== undefined) out.findings = context.findings.filter((f) => !after(f.time, at));
  if (context.acknowledgedAlerts !== undefined) out.acknowledgedAlerts = context.acknowledgedAlerts.filter((a) => !after(a.at, at));
  if (context.microbiology !== undefined) {
    out.microbiology = context.microbiology
      .filter((c) => !after(c.collected, at) && !(c.collected === undefined && after(c.reported, at)))
      .map((c) => (after(c.reported, at) ? { id: c.id, specimen: c.specimen, status: "pending" as const, ...(c.collected === undefined ? {} : { collected: c.collected }) } : c));
  }
  const courses = coursesAt(context, at, draft);
  if (courses.orders !== null) out.orders = courses.orders;
  if (courses.history !== null) out.medicationHistory = courses.history;
  return out;
}

/**
 * Every course written by `at`, sorted into current orders and past courses as it stood then.
 * A list is unknown (null) when the record's was, or (orders) when a current course has no route.
 */
function coursesAt(context: PatientContext, at: number, draft: CourseRef | undefined): { orders: Order[] | null; history: PastCourse[] | null } {
  const orders: Order[] = [];
  const history: PastCourse[] = [];
  let ordersKnown = context.orders !== undefined;
  const place = (course: Course, ref: CourseRef, status: Course["status"]): void => {
    if (status === "cancelled" || after(course.authored, at)) return;
    const isDraft = draft !== undefined && draft.list === ref.list && draft.index === ref.index;
    const state = isDraft ? "draft" : stateAt(status, course, at);
    if (state === "completed" || state === "stopped") {
      const { id, drug, route, start, end, authored, duration, indications } = course;
      history.push({ status: state, drug, ...defined({ id, route, start, end, authored, duration, indications }) });
      return;
    }
    if (course.route === undefined) {
      ordersKnown = false;
      return;
    }
    const { drug, route, start, end, authored, duration, indications } = course;
    const order = ref.list === "orders" ? (course as Order) : undefined;
    // A review recorded after `at` had not happened yet; the draft being written has none.
    const review = isDraft || order?.review === undefined || after(order.review.at, at) ? undefined : order.review;
    orders.push({
      id: course.id ?? `${ref.list}/${ref.index}`,
      status: state,
      drug,
      route,
      ...defined({ dose: order?.dose, frequency: order?.frequency, start, end, authored, duration, indications, review }),
    });
  };
  context.orders?.forEach((o, index) => place(o, { list: "orders", index }, o.status));
  context.medicationHistory?.forEach((c, index) => place(c, { list: "medicationHistory", index }, c.status));
  return { orders: ordersKnown ? orders : null, history: context.medicationHistory === undefined ? null : history };
}

/** The fields of `fields` that are not undefined, for exact optional properties. */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
