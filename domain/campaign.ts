/**
 * The campaign model: one inspection campaign (a year's notice) as a YAML file, validated with zod.
 *
 * A campaign directory holds `campaign.yaml` and the notice text it names. Validation reports every problem
 * with the path of the bad field (`contacts.3.unit: ...`), and checks cross-references (a contact's unit must
 * exist, a staff contact's office must exist, dates must be real calendar days, ...).
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { CampaignError } from './errors';
import { parseIsoDate } from './time';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: '只能使用小写字母、数字、- 和 _，且以字母或数字开头' });

const isoDate = z.string().refine((s) => parseIsoDate(s) !== undefined, {
  message: '不是有效日期（应为 YYYY-MM-DD，且是真实存在的日期）',
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '应为 HH:mm 格式的时间，例如 09:00' });

/** A notice clause reference as written in replies, e.g. `八（一）` or `五（二）` or `六（三）`. */
const clause = z.string().min(1);

export const UNIT_KINDS = ['区级部门', '街道', '党委系统'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const QUESTION_TYPES = ['yesno', 'choice', 'multi', 'number', 'date', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The four answers of a `yesno` question. 部分 and 否 are negative (open follow-ups); 不适用 needs a reason. */
export const YESNO_VALUES = ['是', '否', '部分', '不适用'] as const;
export type YesNoValue = (typeof YESNO_VALUES)[number];

const optionSchema = z.union([
  z.string().min(1).transform((label) => ({ value: label, label, negative: false })),
  z.object({
    value: z.string().min(1),
    label: z.string().min(1).optional(),
    /** Choosing this option opens the follow-ups (e.g. "未定级"). */
    negative: z.boolean().default(false),
  }).transform((o) => ({ value: o.value, label: o.label ?? o.value, negative: o.negative })),
]);
export type QuestionOption = z.output<typeof optionSchema>;

const followUpSchema = z.object({
  id,
  text: z.string().min(1),
  type: z.enum(['text', 'date', 'number']),
  /** What the answer becomes in the remediation item. */
  role: z.enum(['problem', 'measure', 'plannedDate', 'note']).default('note'),
  required: z.boolean().default(true),
  help: z.string().optional(),
});
export type FollowUp = z.output<typeof followUpSchema>;

const questionSchema = z
  .object({
    id,
    text: z.string().min(1),
    type: z.enum(QUESTION_TYPES),
    options: z.array(optionSchema).optional(),
    required: z.boolean().default(true),
    help: z.string().min(1),
    /** Where in the notice the question comes from, e.g. 五（一）. */
    clause,
    /** number questions */
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().optional(),
    /** text questions */
    maxLength: z.number().int().positive().max(2000).optional(),
    /** Follow-ups on a negative answer; when omitted, the campaign's `defaultFollowUps` apply. `[]` = none. */
    followUps: z.array(followUpSchema).optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.type === 'choice' || q.type === 'multi') && (!q.options || q.options.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `${q.type} 类型的问题至少需要两个选项` });
    }
    if (q.type !== 'choice' && q.type !== 'multi' && q.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `${q.type} 类型的问题不能有 options` });
    }
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min 不能大于 max' });
    }
  });
export type Question = z.output<typeof questionSchema>;

const areaSchema = z.object({
  id,
  /** Full title as in 五, e.g. 安全管理制度落实情况 */
  title: z.string().min(1),
  /** Short name shown in menus, e.g. 安全管理制度 */
  short: z.string().min(1),
  /** Other words users type to mean this area (等保, 密码 ...). */
  aliases: z.array(z.string().min(1)).default([]),
  clause,
  questions: z.array(questionSchema).min(1),
});
export type Area = z.output<typeof areaSchema>;

const phaseSchema = z.object({
  id,
  name: z.string().min(1),
  start: isoDate,
  end: isoDate,
  /** Who acts in this phase: the units, the district staff, the city's working group. */
  actors: z.array(z.enum(['units', 'staff', 'city'])).min(1),
  clause,
  /** What the phase asks of the actors, in one or two sentences. */
  summary: z.string().min(1),
});
export type Phase = z.output<typeof phaseSchema>;

const deliverableSchema = z.object({
  id,
  name: z.string().min(1),
  due: isoDate,
  /** Office id (see offices) that receives it. */
  recipient: id,
  /** Required form, e.g. 纸质版加盖单位公章, 电子版（刻光盘）. */
  forms: z.array(z.string().min(1)).min(1),
  clause,
  /** Who must deliver: units (each unit), or staff (the district). */
  from: z.enum(['units', 'staff']).default('units'),
  /**
   * How the bot knows a unit has delivered: `selfcheck` = the self-check was submitted in chat,
   * `paper` = staff recorded the paper copy and CD, `remediation` = all remediation items closed,
   * `manual` = staff mark it.
   */
  completion: z.enum(['selfcheck', 'paper', 'remediation', 'manual']).default('manual'),
  description: z.string().optional(),
});
export type Deliverable = z.output<typeof deliverableSchema>;

const officeSchema = z.object({
  id,
  name: z.string().min(1),
  /** Other names for the office (区委机要局 for 区密码管理局). */
  aliases: z.array(z.string().min(1)).default([]),
  /** Clause of 四 that sets its responsibilities. */
  clause,
  /** What it inspects, in the notice's words. */
  responsibility: z.string().min(1),
  contactName: z.string().optional(),
  phone: z.string().optional(),
});
export type Office = z.output<typeof officeSchema>;

const unitSchema = z.object({
  id,
  name: z.string().min(1),
  kind: z.enum(UNIT_KINDS, { message: `kind 必须是 ${UNIT_KINDS.join(' / ')} 之一` }),
  /** Office id that supervises the unit per 四. */
  supervisor: id,
  /** Number of important information systems (used for spot-check candidates). */
  importantSystems: z.number().int().min(0).default(0),
  aliases: z.array(z.string().min(1)).default([]),
});
export type Unit = z.output<typeof unitSchema>;

const contactSchema = z
  .object({
    id,
    name: z.string().min(1),
    role: z.enum(['contact', 'staff']),
    /** Unit id, for unit contacts. */
    unit: id.optional(),
    /** Office id, for staff. */
    office: id.optional(),
    /** Staff scope: their office's units (per 四) or the whole district. */
    scope: z.enum(['office', 'district']).default('office'),
    openId: z.string().regex(/^ou_[A-Za-z0-9_]+$/, { message: 'Lark open_id 应以 ou_ 开头' }).optional(),
    phone: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.role === 'contact' && !c.unit) ctx.addIssue({ code: 'custom', path: ['unit'], message: '单位联系人必须填写 unit' });
    if (c.role === 'staff' && !c.office) ctx.addIssue({ code: 'custom', path: ['office'], message: '检查工作组成员必须填写 office' });
  });
export type Contact = z.output<typeof contactSchema>;

const reminderPolicySchema = z.object({
  /** Days before a deadline on which to remind; 0 = the day itself. */
  offsetsDays: z.array(z.number().int().min(0).max(60)).default([7, 3, 1, 0]),
  sendAt: hhmm.default('09:00'),
  quietHours: z.object({ start: hhmm, end: hhmm }).default({ start: '20:00', end: '08:00' }),
  skipWeekends: z.boolean().default(true),
  maxPerPersonPerDay: z.number().int().min(1).default(3),
  /** Days before/after a remediation item's planned date to remind. */
  remediationOffsetsDays: z.array(z.number().int().min(-60).max(60)).default([3, 0, -3, -7]),
  /** Days after a deadline to escalate late units to the supervising staff. */
  escalateAfterDays: z.array(z.number().int().min(0).max(60)).default([1]),
  /** Public holidays (no sends), and make-up working days (调休: sends allowed on a weekend). */
  holidays: z.array(isoDate).default([]),
  workdays: z.array(isoDate).default([]),
});
export type ReminderPolicy = z.output<typeof reminderPolicySchema>;

const campaignSchema = z.object({
  id,
  title: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  timezone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, { message: '不是有效的 IANA 时区，例如 Asia/Shanghai' }),
  notice: z.object({
    /** Path of the notice text, relative to the campaign file. */
    file: z.string().min(1),
    docNumber: z.string().min(1),
    basedOn: z.string().optional(),
    issuedOn: isoDate,
    issuer: z.string().min(1),
  }),
  /** When the console demo runs without BOT_NOW/--now, it uses this instant (the campaign is in the past). */
  demoNow: z.iso.datetime({ offset: true }).optional(),
  offices: z.array(officeSchema).min(1),
  phases: z.array(phaseSchema).min(1),
  deliverables: z.array(deliverableSchema).min(1),
  /** Follow-ups asked after a negative answer when a question does not define its own. */
  defaultFollowUps: z.array(followUpSchema).default([]),
  areas: z.array(areaSchema).min(1),
  units: z.array(unitSchema).min(1),
  contacts: z.array(contactSchema).min(1),
  reminders: reminderPolicySchema.default(reminderPolicySchema.parse({})),
});

export type CampaignData = z.output<typeof campaignSchema>;

/** A loaded, validated campaign, with lookup helpers. Immutable. */
export interface Campaign extends CampaignData {
  /** Absolute directory of the campaign file. */
  readonly dir: string;
  /** The notice text (as read from `notice.file`). */
  readonly noticeText: string;
  unit(id: string): Unit | undefined;
  contact(id: string): Contact | undefined;
  contactByOpenId(openId: string): Contact | undefined;
  office(id: string): Office | undefined;
  area(id: string): Area | undefined;
  deliverable(id: string): Deliverable | undefined;
  /** Follow-ups that apply to a question (its own, or the campaign default). */
  followUpsOf(q: Question): FollowUp[];
  /** All questions in order, with their area. */
  allQuestions(): { area: Area; question: Question }[];
}

function dupCheck<T>(items: T[], key: (t: T) => string, path: (string | number)[], what: string, ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const k = key(it);
    const prev = seen.get(k);
    if (prev !== undefined) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `${what} id "${k}" 与第 ${prev} 项重复` });
    else seen.set(k, i);
  });
}

/** Cross-reference checks that a per-field schema cannot express. */
const checkedCampaignSchema = campaignSchema.superRefine((c, ctx) => {
  dupCheck(c.offices, (o) => o.id, ['offices'], '机构', ctx);
  dupCheck(c.phases, (p) => p.id, ['phases'], '阶段', ctx);
  dupCheck(c.deliverables, (d) => d.id, ['deliverables'], '材料', ctx);
  dupCheck(c.areas, (a) => a.id, ['areas'], '检查内容', ctx);
  dupCheck(c.units, (u) => u.id, ['units'], '单位', ctx);
  dupCheck(c.contacts, (x) => x.id, ['contacts'], '联系人', ctx);
  const qids = new Map<string, string>();
  c.areas.forEach((a, ai) =>
    a.questions.forEach((q, qi) => {
      const prev = qids.get(q.id);
      if (prev) ctx.addIssue({ code: 'custom', path: ['areas', ai, 'questions', qi, 'id'], message: `问题 id "${q.id}" 已在 ${prev} 中使用` });
      else qids.set(q.id, a.id);
    }),
  );
  const offices = new Set(c.offices.map((o) => o.id));
  const units = new Set(c.units.map((u) => u.id));
  c.units.forEach((u, i) => {
    if (!offices.has(u.supervisor)) ctx.addIssue({ code: 'custom', path: ['units', i, 'supervisor'], message: `未知机构 "${u.supervisor}"（应为 offices 中的 id）` });
  });
  c.deliverables.forEach((d, i) => {
    if (!offices.has(d.recipient)) ctx.addIssue({ code: 'custom', path: ['deliverables', i, 'recipient'], message: `未知机构 "${d.recipient}"（应为 offices 中的 id）` });
  });
  const openIds = new Map<string, string>();
  c.contacts.forEach((x, i) => {
    if (x.unit !== undefined && !units.has(x.unit)) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'unit'], message: `未知单位 "${x.unit}"（应为 units 中的 id）` });
    if (x.office !== undefined && !offices.has(x.office)) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'office'], message: `未知机构 "${x.office}"（应为 offices 中的 id）` });
    if (x.openId) {
      const prev = openIds.get(x.openId);
      if (prev) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'openId'], message: `open_id 与联系人 ${prev} 重复` });
      else openIds.set(x.openId, x.id);
    }
  });
  c.phases.forEach((p, i) => {
    if (parseIsoDate(p.start) && parseIsoDate(p.end) && p.start > p.end) ctx.addIssue({ code: 'custom', path: ['phases', i, 'end'], message: `结束日期 ${p.end} 早于开始日期 ${p.start}` });
  });
});

/** Format zod issues as `path: message` lines (the path joined with dots, `(根)` for the root). */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((iss) => `${iss.path.length ? iss.path.join('.') : '(根)'}: ${iss.message}`);
}

/** Parse and validate campaign YAML text. Throws CampaignError with every problem. */
export function parseCampaign(yamlText: string, file: string, noticeText: string | ((rel: string) => string)): Campaign {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { prettyErrors: true });
  } catch (err) {
    const msg = err instanceof YAMLParseError ? err.message.split('\n')[0] ?? err.message : String(err);
    throw new CampaignError(file, [`YAML 语法错误: ${msg}`]);
  }
  const parsed = checkedCampaignSchema.safeParse(raw);
  if (!parsed.success) throw new CampaignError(file, formatIssues(parsed.error));
  const data = parsed.data;
  let notice: string;
  try {
    notice = typeof noticeText === 'string' ? noticeText : noticeText(data.notice.file);
  } catch {
    throw new CampaignError(file, [`notice.file: 无法读取通知文件 "${data.notice.file}"`]);
  }
  return buildCampaign(data, dirname(resolve(file)), notice);
}

function buildCampaign(data: CampaignData, dir: string, noticeText: string): Campaign {
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x] as const));
  const units = byId(data.units);
  const contacts = byId(data.contacts);
  const offices = byId(data.offices);
  const areas = byId(data.areas);
  const deliverables = byId(data.deliverables);
  const byOpenId = new Map(data.contacts.filter((c) => c.openId).map((c) => [c.openId as string, c] as const));
  const all = data.areas.flatMap((area) => area.questions.map((question) => ({ area, question })));
  const campaign: Campaign = {
    ...data,
    dir,
    noticeText,
    unit: (k) => units.get(k),
    contact: (k) => contacts.get(k),
    contactByOpenId: (k) => byOpenId.get(k),
    office: (k) => offices.get(k),
    area: (k) => areas.get(k),
    deliverable: (k) => deliverables.get(k),
    followUpsOf: (q) => q.followUps ?? data.defaultFollowUps,
    allQuestions: () => all,
  };
  return Object.freeze(campaign);
}

/**
 * Load a campaign from a directory (containing campaign.yaml) or a YAML file path.
 * Throws CampaignError naming the file and each bad field.
 */
export function loadCampaign(pathOrDir: string): Campaign {
  const abs = resolve(pathOrDir);
  if (!existsSync(abs)) throw new CampaignError(pathOrDir, ['找不到活动文件或目录']);
  const file = statSync(abs).isDirectory() ? join(abs, 'campaign.yaml') : abs;
  if (!existsSync(file)) throw new CampaignError(file, ['目录中没有 campaign.yaml']);
  const text = readFileSync(file, 'utf8');
  return parseCampaign(text, file, (rel) => readFileSync(resolve(dirname(file), rel), 'utf8'));
}
