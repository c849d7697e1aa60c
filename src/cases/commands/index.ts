/** Every lifecycle action and the command that carries it out. */
import type { CaseAction } from '../model.js';
import * as a from './acceptance.js';
import * as d from './dispatching.js';
import * as c from './completion.js';
import type { Command } from './types.js';

export const COMMANDS: Record<CaseAction, Command> = {
  request_check: a.requestCheck, check: a.check, accept: a.accept, reject: a.reject, merge: a.merge,
  request_void: a.requestVoid, void: a.voidCase, refuse_void: a.refuseVoid, self_handle: a.selfHandle, file: a.file,
  dispatch: d.dispatch, reassign: d.reassign, request_return: d.requestReturn, approve_return: d.approveReturn,
  refuse_return: d.refuseRequest, request_extension: d.requestExtension, grant_extension: d.grantExtension,
  refuse_extension: d.refuseRequest, request_suspension: d.requestSuspension, approve_suspension: d.approveSuspension,
  refuse_suspension: d.refuseRequest, resume: d.resume,
  handle: c.handle, send_verification: c.sendVerification, verify: c.verify, close: c.close, urge: c.urge,
  supervise: c.supervise, reply_supervision: c.replySupervision,
};
