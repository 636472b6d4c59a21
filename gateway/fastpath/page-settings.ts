/**
 * A workgroup's widget settings (`fastpathPageSettings/<workgroup>`): the title and the two
 * forms the visitor widget shows (pre-chat and offline message). Kept beside the workgroup's
 * machine settings, not in them: nothing Fastpath decides depends on them.
 *
 * Rules: a form field is one of the names POST ask or POST workgroups/{wg}/messages take (the
 * pre-chat form must keep email and question, which POST ask requires; the offline form email
 * and message); at most MAX_FIELDS fields, no name twice, labels at most MAX_LABEL characters;
 * a change names only what it changes, and a bad field is a 400 naming it with nothing written.
 * An empty form (or title) goes back to the default.
 */
import { badRequest } from '../errors/index.js';
import { KEEP, type Store } from '../store/index.js';

export const PAGE_SETTINGS_COLLECTION = 'fastpathPageSettings';
export const MAX_FIELDS = 12;
export const MAX_LABEL = 100;
export const MAX_TITLE = 200;

export type FieldType = 'text' | 'email' | 'textarea';

export interface FormField {
  readonly name: string;
  readonly label?: string | undefined;
  readonly type: FieldType;
  readonly required: boolean;
}

export interface PageSettings {
  /** '' = the default (the workgroup's description, else its name). */
  readonly title: string;
  /** [] = DEFAULT_FORM. */
  readonly form: readonly FormField[];
  /** [] = DEFAULT_OFFLINE_FORM. */
  readonly offlineForm: readonly FormField[];
}

export const DEFAULT_FORM: readonly FormField[] = [
  { name: 'name', type: 'text', required: true },
  { name: 'email', type: 'email', required: true },
  { name: 'question', type: 'textarea', required: true },
];

export const DEFAULT_OFFLINE_FORM: readonly FormField[] = [
  { name: 'name', type: 'text', required: true },
  { name: 'email', type: 'email', required: true },
  { name: 'message', type: 'textarea', required: true },
];

export const EMPTY_PAGE: PageSettings = { title: '', form: [], offlineForm: [] };

const FORM_NAMES = ['name', 'email', 'question', 'product', 'company', 'state', 'country'] as const;
const OFFLINE_NAMES = ['name', 'email', 'message'] as const;
const TYPES: readonly FieldType[] = ['text', 'email', 'textarea'];

interface FormRule {
  readonly key: 'form' | 'offlineForm';
  readonly names: readonly string[];
  readonly needed: readonly string[];
}
const FORM_RULE: FormRule = { key: 'form', names: FORM_NAMES, needed: ['email', 'question'] };
const OFFLINE_RULE: FormRule = { key: 'offlineForm', names: OFFLINE_NAMES, needed: ['email', 'message'] };

function formOf(raw: unknown, rule: FormRule): FormField[] {
  if (!Array.isArray(raw)) throw badRequest(`${rule.key}: a list of fields`, { resource: rule.key });
  if (raw.length === 0) return [];
  if (raw.length > MAX_FIELDS) throw badRequest(`${rule.key}: at most ${MAX_FIELDS} fields`, { resource: rule.key });
  const out: FormField[] = [];
  for (const [i, item] of raw.entries()) {
    const at = `${rule.key}[${i}]`;
    const f = (item ?? {}) as Record<string, unknown>;
    const name = typeof f.name === 'string' ? f.name.trim() : '';
    if (!rule.names.includes(name)) throw badRequest(`${at}.name: one of ${rule.names.join(', ')}`, { resource: `${at}.name` });
    if (out.some((o) => o.name === name)) throw badRequest(`${at}.name: ${name} is there twice`, { resource: `${at}.name` });
    const type = f.type === undefined ? (name === 'email' ? 'email' : 'text') : f.type;
    if (!TYPES.includes(type as FieldType)) throw badRequest(`${at}.type: one of ${TYPES.join(', ')}`, { resource: `${at}.type` });
    const label = f.label === undefined || f.label === '' ? undefined : f.label;
    if (label !== undefined && (typeof label !== 'string' || label.length > MAX_LABEL)) throw badRequest(`${at}.label: text of at most ${MAX_LABEL} characters`, { resource: `${at}.label` });
    const required = rule.needed.includes(name) || f.required === true;
    out.push({ name, ...(label !== undefined ? { label: label.trim() } : {}), type: type as FieldType, required });
  }
  const missing = rule.needed.filter((n) => !out.some((o) => o.name === n));
  if (missing.length > 0) throw badRequest(`${rule.key}: must have ${missing.join(' and ')}`, { resource: rule.key });
  return out;
}

/** The change PUT workgroups/{wg}/page asks for (parsed entity: title, form, offlineForm), validated. */
export function pageChange(input: Readonly<Record<string, unknown>>): Partial<PageSettings> {
  const change: { title?: string; form?: FormField[]; offlineForm?: FormField[] } = {};
  if (input.title !== undefined) {
    if (typeof input.title !== 'string' || input.title.length > MAX_TITLE) throw badRequest(`title: text of at most ${MAX_TITLE} characters`, { resource: 'title' });
    change.title = input.title.trim();
  }
  if (input.form !== undefined) change.form = formOf(input.form, FORM_RULE);
  if (input.offlineForm !== undefined) change.offlineForm = formOf(input.offlineForm, OFFLINE_RULE);
  return change;
}

/** The forms as the widget shows them (defaults filled in). */
export function effectiveForms(p: PageSettings): { form: readonly FormField[]; offlineForm: readonly FormField[] } {
  return { form: p.form.length > 0 ? p.form : DEFAULT_FORM, offlineForm: p.offlineForm.length > 0 ? p.offlineForm : DEFAULT_OFFLINE_FORM };
}

export interface PageSettingsStore {
  get(workgroup: string): Promise<PageSettings>;
  change(workgroup: string, change: Partial<PageSettings>): Promise<PageSettings>;
  remove(workgroup: string): Promise<void>;
}

export function createPageSettings(store: Store): PageSettingsStore {
  const pages = store.collection<PageSettings>(PAGE_SETTINGS_COLLECTION);
  return {
    get: async (workgroup) => (await pages.get(workgroup)) ?? EMPTY_PAGE,
    async change(workgroup, change) {
      if (Object.keys(change).length === 0) return (await pages.get(workgroup)) ?? EMPTY_PAGE;
      const stored = await pages.update(workgroup, (old) => {
        const next = { ...(old ?? EMPTY_PAGE), ...change };
        return old && JSON.stringify(old) === JSON.stringify(next) ? KEEP : next;
      });
      return stored ?? EMPTY_PAGE;
    },
    async remove(workgroup) {
      await pages.delete(workgroup);
    },
  };
}
