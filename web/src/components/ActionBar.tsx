/** The buttons of the lifecycle actions this user may take on a case, each with a small form that
 * shows the server's refusal (in the user's language) instead of closing. */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useCaseAction } from '../api/cases.js';
import { useMe } from '../api/session.js';
import { useI18n } from '../i18n/I18n.js';
import { ACTION_FORMS, REQUEST_ACTIONS, SIDE_ACTIONS, actionsFor, type ActionField, type CaseAction } from '../model/lifecycle.js';
import { ApiError, detailLines } from '../model/apiError.js';
import type { ActionBody, CaseDetail, CaseView } from '../api/schema.js';
import { ActionFeedback } from './ActionFeedback.js';
import type { MessageKey } from '../i18n/dict.js';
import { PhotoInput } from './PhotoInput.js';
import { ClassPicker } from './Pickers.js';
import { UnitCandidatesField } from './UnitCandidates.js';

/** Form values → the action's body. */
export function actionBody(action: CaseAction, v: Partial<Record<ActionField, unknown>>): Omit<ActionBody, 'version'> {
  const body: Omit<ActionBody, 'version'> = {};
  if (typeof v.note === 'string' && v.note) body.note = v.note;
  if (typeof v.reason === 'string' && v.reason) body.reason = v.reason;
  if (typeof v.category === 'string' && v.category) body.categoryCode = v.category;
  if (typeof v.unit === 'string' && v.unit) body.unitId = v.unit;
  if (Array.isArray(v.photos) && v.photos.length) body.photos = v.photos as string[];
  if (typeof v.target === 'string' && v.target) body.intoCaseId = v.target;
  if (typeof v.hours === 'number') body.amount = v.hours;
  if (typeof v.level === 'number') body.level = v.level;
  if (typeof v.opinion === 'string' && v.opinion) body.opinion = v.opinion;
  if (action === 'reply_supervision' && typeof v.note === 'string' && v.note) body.reply = v.note;
  if (action === 'verify') body.passed = v.passed !== false;
  if (action === 'check') body.confirmed = v.confirmed !== false;
  return body;
}

/**
 * `onDone` runs when the user leaves the action's confirmation (stay or next); `onNext`, when given,
 * offers "next case" there; `showOpen` links the confirmation to the case's own page.
 */
export function ActionBar({ d, only, onDone, onNext, showOpen, size = 'middle' }: { d: CaseDetail; only?: readonly CaseAction[] | undefined; onDone?: ((action: CaseAction) => void) | undefined; onNext?: (() => void) | undefined; showOpen?: boolean; size?: 'small' | 'middle' | 'large' }) {
  const me = useMe();
  const { t } = useI18n();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const roles = me.data?.roles ?? [];
  const c = d.case;
  // The server's list of what this user may do now decides; the roles only when it is missing.
  let actions = actionsFor({ ...c, actions: d.actions }, roles);
  if (only) actions = actions.filter((a) => only.includes(a));
  // Merging needs a duplicate to merge into.
  if (!d.duplicates.length) actions = actions.filter((a) => a !== 'merge');
  const main = actions.filter((a) => !SIDE_ACTIONS.has(a) && !REQUEST_ACTIONS.has(a));
  const requests = actions.filter((a) => REQUEST_ACTIONS.has(a));
  const side = actions.filter((a) => SIDE_ACTIONS.has(a));
  return (
    <>
      <Space wrap data-testid="action-bar">
        {main.map((a) => (
          <Button key={a} size={size} type={ACTION_FORMS[a].danger ? 'default' : 'primary'} danger={ACTION_FORMS[a].danger ?? false} onClick={() => setOpen(a)} data-action={a}>
            {t(`act_${a}` as MessageKey)}
          </Button>
        ))}
        {requests.length > 0 && (
          <Space size={4} wrap data-testid="request-actions" style={{ borderLeft: main.length ? '1px solid #d9d9d9' : undefined, paddingLeft: main.length ? 8 : 0 }}>
            <Typography.Text type="secondary">{t('act_requests')}</Typography.Text>
            {requests.map((a) => (
              <Button key={a} size={size} onClick={() => setOpen(a)} data-action={a}>
                {t(`act_${a}` as MessageKey)}
              </Button>
            ))}
          </Space>
        )}
        {side.map((a) => (
          <Button key={a} size={size} onClick={() => setOpen(a)} data-action={a}>
            {t(`act_${a}` as MessageKey)}
          </Button>
        ))}
      </Space>
      {open && <ActionModal d={d} action={open} onClose={() => setOpen(null)} onDone={onDone} onNext={onNext} showOpen={showOpen ?? false} />}
    </>
  );
}

function ActionModal({ d, action, onClose, onDone, onNext, showOpen }: { d: CaseDetail; action: CaseAction; onClose(): void; onDone?: ((a: CaseAction) => void) | undefined; onNext?: (() => void) | undefined; showOpen: boolean }) {
  const { t, err, lang } = useI18n();
  const c = d.case;
  const qc = useQueryClient();
  const mutation = useCaseAction();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<CaseView | null>(null);
  const spec = ACTION_FORMS[action];
  const has = (f: ActionField) => spec.fields.includes(f);
  const req = (f: ActionField) => spec.required.includes(f);
  const rules = (f: ActionField) => (req(f) ? [{ required: true, message: t('required') }] : []);

  /** Leave the confirmation: the panel keeps showing this case (now in its new state). */
  const leave = () => {
    onClose();
    onDone?.(action);
  };

  const submit = async () => {
    const values = (await form.validateFields()) as Partial<Record<ActionField, unknown>>;
    setError(null);
    mutation.mutate(
      { id: c.id, action, version: c.version, body: actionBody(action, values) },
      {
        onSuccess: (after) => setDone(after),
        onError: (e) => {
          setError(e);
          if (e instanceof ApiError && e.status === 409) void qc.invalidateQueries({ queryKey: ['case', c.id] });
        },
      },
    );
  };

  return (
    <Modal
      open
      title={`${t(`act_${action}` as MessageKey)} · ${c.code}`}
      onCancel={done ? leave : onClose}
      footer={done ? null : undefined}
      onOk={() => void submit()}
      okText={t('submit')}
      cancelText={t('cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ danger: spec.danger ?? false, 'data-testid': 'action-submit' } as never}
      destroyOnHidden
    >
      {done ? (
        <ActionFeedback action={action} c={done} onStay={leave} onNext={onNext ? () => { leave(); onNext(); } : undefined} showOpen={showOpen} />
      ) : (
        <>
      <Form form={form} layout="vertical" initialValues={{ passed: true, confirmed: true, level: 1, photos: [] }}>
        {has('passed') && (
          <Form.Item name="passed" label={t('f_passed')}>
            <Radio.Group options={[{ value: true, label: t('passed') }, { value: false, label: t('failed') }]} data-testid="field-passed" />
          </Form.Item>
        )}
        {has('confirmed') && (
          <Form.Item name="confirmed" label={t('f_confirmed')}>
            <Radio.Group options={[{ value: true, label: t('yes') }, { value: false, label: t('no') }]} />
          </Form.Item>
        )}
        {has('category') && (
          <Form.Item name="category" label={t('col_class')} extra={`${c.categoryCode} ${c.categoryName}`}>
            <ClassPicker allowClear style={{ width: '100%' }} />
          </Form.Item>
        )}
        {has('unit') && (
          <Form.Item name="unit" label={t('f_unit')} rules={rules('unit')}>
            <UnitCandidatesField caseId={c.id} avoidCurrent={action === 'reassign'} />
          </Form.Item>
        )}
        {has('target') && (
          <Form.Item name="target" label={t('f_target')} rules={rules('target')}>
            <Select options={d.duplicates.map((x) => ({ value: x.case.id, label: `${x.case.code} ${x.case.categoryName}` }))} />
          </Form.Item>
        )}
        {has('hours') && (
          <Form.Item name="hours" label={t('f_hours')} rules={rules('hours')}>
            <InputNumber min={1} max={2000} style={{ width: 160 }} data-testid="field-hours" />
          </Form.Item>
        )}
        {has('level') && (
          <Form.Item name="level" label={t('f_level')}>
            <Select options={[{ value: 1, label: '一般督办' }, { value: 2, label: '重点督办' }, { value: 3, label: '挂牌督办' }]} style={{ width: 160 }} />
          </Form.Item>
        )}
        {has('opinion') && (
          <Form.Item name="opinion" label={t('f_opinion')} rules={rules('opinion')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {has('reason') && (
          <Form.Item name="reason" label={t('f_reason')} rules={rules('reason')}>
            <Input.TextArea rows={3} data-testid="field-reason" />
          </Form.Item>
        )}
        {has('note') && (
          <Form.Item name="note" label={t('f_note')} rules={rules('note')}>
            <Input.TextArea rows={3} data-testid="field-note" />
          </Form.Item>
        )}
        {has('photos') && (
          <Form.Item name="photos" label={t('f_photos')} rules={req('photos') ? [{ required: true, type: 'array', min: 1, message: t('required') }] : []}>
            <PhotoInput testId="action-photos" />
          </Form.Item>
        )}
      </Form>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          data-testid="action-error"
          title={`${t('fb_failed', { action: t(`act_${action}` as MessageKey) })}${err(error)}`}
          description={error instanceof ApiError && detailLines(error.details, lang).length ? detailLines(error.details, lang).join('\n') : undefined}
        />
      )}
        </>
      )}
    </Modal>
  );
}
