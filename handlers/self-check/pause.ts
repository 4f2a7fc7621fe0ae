/**
 * Pausing a contact's open self-check prompt from another feature: when a one-question step elsewhere (整改's
 * 更新进展 / 已整改) asks for the contact's next text, the open question must not take it first. The contact
 * resumes with 继续, as after 暂停.
 */
import { isOpen } from '../../dialogs/self-check-state';
import type { Contact, Unit } from '../../domain/campaign';
import { isoInstantOf, type Dayjs } from '../../domain/time';
import type { HandlerDeps } from '../types';

/** Pause the contact's open self-check prompt; true when one was open and is now paused. */
export async function pauseOpenSelfCheck(deps: Pick<HandlerDeps, 'selfCheck'>, unit: Unit, contact: Contact, now: Dayjs): Promise<boolean> {
  const store = deps.selfCheck;
  if (!store) return false;
  const { dialog } = await store.load(unit.id, contact.id);
  if (!dialog || !isOpen(dialog.state)) return false;
  const res = await store.commit(unit.id, contact.id, contact.id, isoInstantOf(now), { state: { ...dialog.state, paused: true }, expectedRev: dialog.rev }, {});
  return res.ok;
}
