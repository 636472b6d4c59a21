/**
 * The launcher's view of a workgroup (GET workgroups/{workgroup}) read defensively, and the
 * forms it asks for. Rules: a missing answer (no such route on an older ofgate, a network
 * failure) reads as "open, unknown agents" with the default form, so the visitor can still ask
 * (POST ask then tells whether the workgroup is offline); the chat form's fields map onto POST
 * ask's names (name → nickname, email → emailAddress).
 */
import type { StringKey } from './strings.js';

export interface FormField {
  readonly name: string;
  readonly label?: string;
  readonly type: 'text' | 'email' | 'textarea';
  readonly required: boolean;
}

export interface WorkgroupState {
  readonly title?: string;
  readonly open: boolean;
  /** undefined: not known. */
  readonly agentsAvailable?: number;
  readonly estimatedWait?: number;
  /** Epoch ms of the next opening (when business hours closed the workgroup). */
  readonly nextOpening?: number;
  readonly form: readonly FormField[];
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

/** The strings-table key of a known field's label. */
export const FIELD_LABELS: Readonly<Record<string, StringKey>> = { name: 'name', email: 'email', question: 'question', message: 'message' };

function fields(raw: unknown, fallback: readonly FormField[]): readonly FormField[] {
  if (!Array.isArray(raw)) return fallback;
  const out: FormField[] = [];
  for (const f of raw) {
    if (!f || typeof f !== 'object' || typeof (f as { name?: unknown }).name !== 'string') continue;
    const r = f as Record<string, unknown>;
    const type = r.type === 'email' || r.type === 'textarea' ? r.type : 'text';
    out.push({ name: r.name as string, ...(typeof r.label === 'string' ? { label: r.label } : {}), type, required: r.required === true || r.required === 'true' });
  }
  return out.length > 0 ? out : fallback;
}

const num = (v: unknown): number | undefined => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));

export function readWorkgroupState(raw: Record<string, unknown> | undefined): WorkgroupState {
  if (!raw) return { open: true, form: DEFAULT_FORM, offlineForm: DEFAULT_OFFLINE_FORM };
  const agents = num(raw.agentsAvailable);
  const wait = num(raw.estimatedWait);
  const nextOpening = typeof raw.nextOpening === 'string' ? Date.parse(raw.nextOpening) || undefined : num(raw.nextOpening);
  return {
    ...(typeof raw.title === 'string' && raw.title ? { title: raw.title } : {}),
    open: raw.open !== false && raw.open !== 'false',
    ...(agents !== undefined ? { agentsAvailable: agents } : {}),
    ...(wait !== undefined ? { estimatedWait: wait } : {}),
    ...(nextOpening !== undefined ? { nextOpening } : {}),
    form: fields(raw.form, DEFAULT_FORM),
    offlineForm: fields(raw.offlineForm, DEFAULT_OFFLINE_FORM),
  };
}

/** Should the visitor see the offline message form instead of the chat form? */
export const offlineOnly = (s: WorkgroupState): boolean => !s.open || s.agentsAvailable === 0;

/** The chat form's values → POST ask's body (workgroup and userID added by the caller). */
export function askBodyOf(values: Readonly<Record<string, string>>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v.trim() === '') continue;
    body[k === 'name' ? 'nickname' : k === 'email' ? 'emailAddress' : k] = v.trim();
  }
  return body;
}
