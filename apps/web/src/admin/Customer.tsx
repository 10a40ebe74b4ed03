import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Money, TextField } from '../design/components.tsx';
import { type Action, adminApi } from './api.ts';
import { RequestsTable } from './RequestsTable.tsx';
import { currentStaff } from './session.ts';
import { ApiProblem, Notice, PageHead, SelectField, useWhen } from './ui.tsx';

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const validReason = (r: string) => r.trim().length >= 3;

/** One customer (masked), unmask with a reason, and maker–checker proposals. */
export function CustomerView() {
  const { t } = useTranslation();
  const { customerId } = useParams({ strict: false }) as { customerId: string };
  const when = useWhen();
  const q = useQuery({
    queryKey: ['admin', 'customer', customerId],
    queryFn: () => adminApi.customer(customerId),
  });
  const reqs = useQuery({
    queryKey: ['admin', 'requests', customerId],
    queryFn: () => adminApi.requests({ customerId }),
  });
  const c = q.data;
  const statusWord = (s: string) =>
    s === 'active'
      ? t('admin.customer.statusActive')
      : s === 'frozen'
        ? t('admin.customer.statusFrozen')
        : t('admin.customer.statusClosed');
  return (
    <>
      <p className="yb-small">
        <Link to="/admin/customers">← {t('admin.customer.back')}</Link>
      </p>
      <PageHead title={t('admin.customer.title')} />
      {q.isPending ? <p>{t('admin.loading')}</p> : null}
      <ApiProblem error={q.error} />
      {c ? (
        <div className="adm-grid">
          <section className="adm-panel" aria-labelledby="adm-profile">
            <h2 id="adm-profile">{t('admin.customer.profile')}</h2>
            <dl className="adm-dl">
              <dt>{t('admin.customer.phone')}</dt>
              <dd data-testid="masked-phone">{c.phone}</dd>
              <dt>{t('admin.customer.name')}</dt>
              <dd>{c.displayName}</dd>
              <dt>{t('admin.customer.customerId')}</dt>
              <dd className="adm-mono">{c.id}</dd>
              <dt>{t('admin.customer.since')}</dt>
              <dd>{when(c.createdAt)}</dd>
            </dl>
            <Unmask customerId={c.id} />
          </section>
          <section className="adm-panel" aria-labelledby="adm-wallet">
            <h2 id="adm-wallet">{t('admin.customer.wallet')}</h2>
            <dl className="adm-dl">
              <dt>{t('admin.customer.tier')}</dt>
              <dd>{t(`tiers.${c.wallet.tier}`, { defaultValue: String(c.wallet.tier) })}</dd>
              <dt>{t('admin.customer.status')}</dt>
              <dd>
                <span className="adm-badge" data-status={c.wallet.status}>
                  {statusWord(c.wallet.status)}
                </span>
                {c.wallet.frozenBy ? (
                  <span className="yb-small yb-muted">
                    {' '}
                    {t('admin.customer.frozenBy')}:{' '}
                    {c.wallet.frozenBy === 'bank'
                      ? t('admin.customer.byBank')
                      : t('admin.customer.byCustomer')}
                  </span>
                ) : null}
              </dd>
              {c.wallet.balances.map((b) => (
                <div key={b.currency} className="adm-dl-row">
                  <dt>
                    {t('admin.customer.available')} ({b.currency})
                  </dt>
                  <dd>
                    <Money amount={b.available} currency={b.currency} />{' '}
                    <span className="yb-small yb-muted">
                      {t('admin.customer.posted')} <Money amount={b.posted} currency={b.currency} />
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <Propose
            customerId={c.id}
            tier={c.wallet.tier}
            status={c.wallet.status}
            frozenBy={c.wallet.frozenBy}
          />
          <section className="adm-panel adm-wide" aria-labelledby="adm-history">
            <h2 id="adm-history">{t('admin.customer.history')}</h2>
            <ApiProblem error={reqs.error} />
            {reqs.data ? (
              <RequestsTable items={reqs.data.items} empty={t('admin.customer.none')} hideCustomer />
            ) : null}
          </section>
        </div>
      ) : null}
    </>
  );
}

function Unmask({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const unmask = useMutation({ mutationFn: () => adminApi.unmask(customerId, reason.trim()) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (validReason(reason)) unmask.mutate();
  };
  if (unmask.data) {
    return (
      <div className="adm-unmasked" role="status">
        <h3>{t('admin.customer.unmasked')}</h3>
        <dl className="adm-dl">
          <dt>{t('admin.customer.phone')}</dt>
          <dd data-testid="full-phone">{unmask.data.phone}</dd>
          <dt>{t('admin.customer.name')}</dt>
          <dd>{unmask.data.displayName}</dd>
        </dl>
      </div>
    );
  }
  return (
    <form className="adm-subform yb-stack" onSubmit={submit} noValidate>
      <h3>{t('admin.customer.unmaskTitle')}</h3>
      <p className="yb-small yb-muted">{t('admin.customer.unmaskIntro')}</p>
      <ApiProblem error={unmask.error} />
      <TextField
        label={t('admin.customer.reason')}
        hint={t('admin.customer.reasonHint')}
        error={touched && !validReason(reason) ? t('admin.customer.reasonRequired') : null}
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button type="submit" variant="secondary" disabled={unmask.isPending}>
        {t('admin.customer.unmask')}
      </Button>
    </form>
  );
}

type Kind = Action['kind'];

function Propose({
  customerId,
  tier,
  status,
  frozenBy,
}: {
  customerId: string;
  tier: number;
  status: string;
  frozenBy: string | null;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('freeze');
  const [reason, setReason] = useState('');
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit');
  const [amount, setAmount] = useState('');
  const higher = Array.from({ length: Math.max(0, tier - 1) }, (_, i) => i + 1);
  const [newTier, setNewTier] = useState(String(higher[higher.length - 1] ?? ''));
  const [touched, setTouched] = useState(false);
  const amountOk = AMOUNT.test(amount.trim()) && /[1-9]/.test(amount);
  const bankFrozen = status === 'frozen' && frozenBy === 'bank';
  const blocked =
    kind === 'freeze' && bankFrozen
      ? t('admin.customer.alreadyFrozen')
      : kind === 'lift_freeze' && status !== 'frozen'
        ? t('admin.customer.notFrozen')
        : kind === 'raise_tier' && higher.length === 0
          ? t('admin.customer.noHigherTier')
          : null;
  const propose = useMutation({
    mutationFn: () => {
      const action: Action =
        kind === 'adjust_balance'
          ? { kind, direction, amount: { amount: amount.trim(), currency: 'CNY' } }
          : kind === 'raise_tier'
            ? { kind, tier: Number(newTier) }
            : { kind };
      return adminApi.propose(customerId, reason.trim(), action);
    },
    onSuccess: async () => {
      setReason('');
      setAmount('');
      setTouched(false);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'requests'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (blocked || !validReason(reason) || (kind === 'adjust_balance' && !amountOk)) return;
    propose.mutate();
  };
  return (
    <section className="adm-panel" aria-labelledby="adm-propose">
      <h2 id="adm-propose">{t('admin.customer.actionsTitle')}</h2>
      <p className="yb-small yb-muted">{t('admin.customer.actionsIntro')}</p>
      <form className="yb-stack" onSubmit={submit} noValidate>
        <SelectField
          label={t('admin.customer.action')}
          value={kind}
          onChange={(v) => {
            setKind(v as Kind);
            propose.reset();
          }}
        >
          <option value="freeze">{t('admin.customer.freeze')}</option>
          <option value="lift_freeze">{t('admin.customer.liftFreeze')}</option>
          <option value="adjust_balance">{t('admin.customer.adjust')}</option>
          <option value="raise_tier">{t('admin.customer.raiseTier')}</option>
        </SelectField>
        {kind === 'adjust_balance' ? (
          <div className="adm-inline">
            <SelectField
              label={t('admin.customer.direction')}
              value={direction}
              onChange={(v) => setDirection(v as 'credit' | 'debit')}
            >
              <option value="credit">{t('admin.customer.credit')}</option>
              <option value="debit">{t('admin.customer.debit')}</option>
            </SelectField>
            <TextField
              label={t('admin.customer.amount')}
              hint={t('admin.customer.amountHint')}
              error={touched && !amountOk ? t('admin.customer.amountInvalid') : null}
              inputMode="decimal"
              maxLength={15}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
        ) : null}
        {kind === 'raise_tier' && higher.length > 0 ? (
          <SelectField label={t('admin.customer.newTier')} value={newTier} onChange={setNewTier}>
            {higher.map((n) => (
              <option key={n} value={n}>
                {t(`tiers.${n}`, { defaultValue: String(n) })}
              </option>
            ))}
          </SelectField>
        ) : null}
        {blocked ? <Notice>{blocked}</Notice> : null}
        <TextField
          label={t('admin.customer.reason')}
          hint={t('admin.customer.reasonHint')}
          error={touched && !validReason(reason) ? t('admin.customer.reasonRequired') : null}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <ApiProblem error={propose.error} />
        {propose.data ? (
          <Notice tone="ok">
            {t('admin.customer.proposed')}{' '}
            <Link to="/admin/requests">{t('admin.customer.viewRequests')}</Link>
          </Notice>
        ) : null}
        <Button type="submit" disabled={propose.isPending || !!blocked || !currentStaff()}>
          {t('admin.customer.propose')}
        </Button>
      </form>
    </section>
  );
}
