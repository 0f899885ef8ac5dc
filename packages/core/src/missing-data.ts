/** Words for the data a decision lacks, from the stable keys the evaluator uses (`observation:egfr`). */
import type { PatientContext } from "./context.js";
import type { GuidelineIR } from "./ir.js";
import { describeTime } from "./time.js";

const patientWords: Record<string, string> = {
  age: "date of birth or age",
  birthDate: "date of birth (only the age in whole years is recorded)",
  weight: "body weight",
  sex: "sex",
  pregnant: "pregnancy status",
  trimester: "trimester of pregnancy",
  gestation: "gestational age",
  "at-term": "whether the pregnancy is at term",
  breastfeeding: "whether the patient is breastfeeding",
};

const listWords: Record<string, string> = {
  diagnoses: "coded diagnoses",
  allergies: "allergy history",
  orders: "current antimicrobial orders",
  microbiology: "microbiology results",
};

/**
 * A clinician-readable description of the data behind a missing-data key; `context` lets a key
 * that points into the record (a value in a unit that cannot be read) quote what was sent.
 */
export function describeMissing(key: string, ir: GuidelineIR | undefined, context?: PatientContext): string {
  const [kind, rest = ""] = splitOnce(key, ":");
  switch (kind) {
    case "patient":
      return patientWords[rest] ?? rest;
    case "list":
      return listWords[rest] ?? rest;
    case "observation": {
      // `observation:news2`, `observation:temperature@24 hours`, `observation:news2:two-results`
      const trend = rest.endsWith(":two-results");
      const [id, window] = splitOnce(trend ? rest.slice(0, -":two-results".length) : rest, "@");
      const title = ir?.observations.find((o) => o.id === id)?.title ?? id;
      const within = window === undefined ? "" : ` measured within ${describeTime(Number(window.split(" ")[0]), window.split(" ")[1] ?? "")}`;
      return trend ? `a second result of ${title}${within}, to see its trend` : `${title}${within}`;
    }
    case "finding": {
      // `finding:vomiting-in-last-24-hours@24 hours`: a record made within that time is needed.
      const [id, window] = splitOnce(rest, "@");
      const title = ir?.findings.find((f) => f.id === id)?.title.replace(/^./, (c) => c.toLowerCase()) ?? id;
      return window === undefined ? title : `${title}, recorded within ${describeTime(Number(window.split(" ")[0]), window.split(" ")[1] ?? "")}`;
    }
    case "score":
      return ir?.scores.find((s) => s.id === rest)?.title ?? rest;
    case "diagnosis-onset":
      return `when the ${(ir?.codeLists.find((l) => l.id === rest)?.title ?? rest).replace(/^./, (c) => c.toLowerCase())} began (its onset)`;
    case "finding-onset":
      return `when ${(ir?.findings.find((f) => f.id === rest)?.title ?? rest).replace(/^./, (c) => c.toLowerCase())} began`;
    case "order": {
      const [id, field] = splitOnce(rest, ":");
      const what = { start: "start time", duration: "prescribed course length", drug: "formulary drug", indications: "coded indication", review: "last review", "next-review": "next review date", aware: "UK-AWaRe category of the drug", "oral-option": "oral option in the formulary for the drug" }[field ?? ""] ?? field;
      return `${what} of order ${id}`;
    }
    case "culture": {
      const [id, field = ""] = splitOnce(rest, ":");
      if (field.startsWith("susceptibility:")) {
        const drug = field.slice("susceptibility:".length);
        const name = ir?.drugs.find((d) => d.id === drug)?.name ?? drug;
        return `susceptibility of culture ${id} to ${name.toLowerCase()}`;
      }
      return `${field} of culture ${id}`;
    }
    case "unit": {
      // `unit:egfr:/observations/2`, `unit:weight:/patient/weight`
      const [what, pointer = ""] = splitOnce(rest, ":");
      const sent = pointer === "/patient/weight" ? context?.patient.weight : context?.observations?.[Number(pointer.split("/")[2])];
      // A score the host records is read like an observation with no unit.
      const score = ir?.scores.find((s) => s.id === what && s.kind === "recorded");
      const observation = ir?.observations.find((o) => o.id === what) ?? (score === undefined ? undefined : { title: score.title, unit: "" });
      const title = what === "weight" ? "body weight" : (observation?.title ?? what);
      const wanted = what === "weight" ? "a weight (kg or g)" : observation?.unit === "" ? "a plain number" : `\`${observation?.unit ?? "?"}\``;
      const as = sent === undefined ? "" : ` ${sent.value} \`${sent.unit}\``;
      return `${title} recorded as${as} (${pointer}): the unit cannot be read as ${wanted}; send it in a UCUM unit of that quantity`;
    }
    case "allergy-reaction": {
      const title = ir?.classes.find((c) => c.id === rest)?.title.toLowerCase() ?? rest;
      return `whether the reaction to ${title} was immediate-type (anaphylaxis, angioedema, urticaria, or a rash straight after a dose), which rules out drugs that may cross-react`;
    }
    case "allergy":
      return `the allergy recorded as ${rest} is to a substance Steward cannot match to the formulary; check it against each option`;
    default:
      return key;
  }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i === -1 ? [text, undefined] : [text.slice(0, i), text.slice(i + separator.length)];
}
