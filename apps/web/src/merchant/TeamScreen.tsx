import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, TextField } from '../design/components.tsx';
import { type MerchantRole, merchantApi } from './api.ts';
import { ConfirmAction, OwnersOnly, Problem, SelectField, usePortalParams, useWhen } from './ui.tsx';

/** Staff (owners): who works here, add a cashier or owner by their Yinbao number, remove one. */
export function TeamScreen() {
  const { t } = useTranslation();
  const when = useWhen();
  const { merchantId } = usePortalParams();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: ['merchant', merchantId, 'users'],
    queryFn: () => merchantApi.users(merchantId),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['merchant', merchantId, 'users'] });
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<MerchantRole>('cashier');
  const [shown, setShown] = useState(false);
  const add = useMutation({
    mutationFn: () => merchantApi.addUser(merchantId, { phone: phone.replace(/\D/g, ''), role }),
    onSuccess: () => {
      setPhone('');
      setShown(false);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => merchantApi.removeUser(merchantId, userId),
    onSuccess: refresh,
  });
  const phoneError = /^1\d{10}$/.test(phone.replace(/\D/g, '')) ? null : t('merchant.apply.phoneInvalid');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!phoneError) add.mutate();
  };
  return (
    <>
      <h1>{t('merchant.team.title')}</h1>
      <OwnersOnly merchantId={merchantId}>
        <p className="yb-muted">{t('merchant.team.intro')}</p>
        <Card title={t('merchant.team.add')}>
          <form className="yb-stack" onSubmit={submit} noValidate>
            <TextField
              label={t('merchant.team.phone')}
              inputMode="tel"
              autoComplete="off"
              maxLength={20}
              value={phone}
              error={shown ? phoneError : null}
              onChange={(e) => setPhone(e.target.value)}
            />
            <SelectField
              label={t('merchant.team.role')}
              value={role}
              onChange={(v) => setRole(v as MerchantRole)}
            >
              <option value="cashier">{t('merchant.roles.cashier')}</option>
              <option value="owner">{t('merchant.roles.owner')}</option>
            </SelectField>
            <Problem error={add.error} />
            {add.isSuccess ? (
              <p className="yb-small" role="status">
                {t('merchant.team.added')}
              </p>
            ) : null}
            <Button type="submit" block disabled={add.isPending}>
              {add.isPending ? t('merchant.team.adding') : t('merchant.team.add')}
            </Button>
          </form>
        </Card>
        <Card title={t('merchant.team.title')}>
          <Problem error={users.error ?? remove.error} />
          <ul className="mp-items">
            {users.data?.map((u) => (
              <li key={u.id} className="mp-item" data-testid="team-row">
                <div className="mp-item-head">
                  <strong>
                    {u.displayName} <span className="yb-muted">{u.maskedPhone}</span>
                  </strong>
                  <span className="yb-small">{t(`merchant.roles.${u.role}`)}</span>
                </div>
                <div className="yb-small yb-muted">
                  {t('merchant.team.addedAt', { when: when(u.addedAt) })}
                </div>
                <div>
                  <ConfirmAction
                    label={t('merchant.team.remove')}
                    question={t('merchant.team.confirmRemove', { name: `${u.displayName} ${u.maskedPhone}` })}
                    yes={t('merchant.team.confirmRemoveYes')}
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate(u.id)}
                  />
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </OwnersOnly>
    </>
  );
}
