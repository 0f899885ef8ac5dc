/** The rule files and example patients, read from the repository at build time (scripts/content.ts). */
declare module "steward:bundled" {
  /** Every rule file under guidelines/, by its path in the playground (`/guidelines/formulary.stw`). */
  export const files: Readonly<Record<string, string>>;
  /** The example patients of examples/patients/, by file name, in order. */
  export const patients: readonly { readonly name: string; readonly text: string }[];
}
