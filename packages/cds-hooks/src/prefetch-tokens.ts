/**
 * Prefetch tokens replaced by values from the hook's context, as a CDS client does before it runs a
 * query: `{{context.patientId}}`, any other plain string field of the context, and the user tokens
 * (`{{userPractitionerId}}` and the like, from `context.userId`). Values are URL-encoded. A token
 * the context cannot fill (a FHIRPath expression, a field the hook did not send) leaves the template
 * unrenderable: the service then cannot make that query itself.
 */

const userTokens: Readonly<Record<string, string>> = {
  userPractitionerId: "Practitioner",
  userPractitionerRoleId: "PractitionerRole",
  userPatientId: "Patient",
  userRelatedPersonId: "RelatedPerson",
};

/** The template with its tokens replaced, or undefined when one cannot be. */
export function renderTemplate(template: string, request: { readonly context: Readonly<Record<string, unknown>> }): string | undefined {
  let missing = false;
  const rendered = replaceTokens(template, (token) => {
    const value = tokenValue(token, request.context);
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? "");
  });
  return missing ? undefined : rendered;
}

function tokenValue(token: string, context: Readonly<Record<string, unknown>>): string | undefined {
  const field = /^context\.([A-Za-z][A-Za-z0-9]*)$/.exec(token)?.[1];
  if (field !== undefined) {
    const value = context[field];
    return typeof value === "string" && value !== "" ? value : undefined;
  }
  const type = userTokens[token];
  const user = context["userId"];
  if (type === undefined || typeof user !== "string" || !user.startsWith(`${type}/`)) return undefined;
  return user.slice(type.length + 1);
}

/** Each `{{ token }}` (no `}` inside) replaced by what `value` gives for the trimmed token, found by search in linear time. */
function replaceTokens(template: string, value: (token: string) => string): string {
  let out = "";
  let from = 0;
  for (let open = template.indexOf("{{"); open !== -1; open = template.indexOf("{{", from)) {
    const close = template.indexOf("}}", open + 2);
    if (close === -1) break;
    const inner = template.slice(open + 2, close);
    if (inner.includes("}")) {
      out += template.slice(from, open + 1);
      from = open + 1;
      continue;
    }
    out += template.slice(from, open) + value(inner.trim());
    from = close + 2;
  }
  return out + template.slice(from);
}
