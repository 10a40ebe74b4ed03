import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, TextField } from '../design/components.tsx';
import { merchantApi } from './api.ts';
import { MCC_CODES, MCC_TABLE } from './mcc.ts';
import { Problem, SelectField } from './ui.tsx';

const digits = (v: string) => v.replace(/\D/g, '');
type Field = 'businessName' | 'mcc' | 'bankName' | 'accountNumber' | 'phone' | 'email';

/** Onboarding: apply as a merchant (name, category, settlement bank account, contact). */
export function ApplyScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const zh = i18n.language.startsWith('zh');
  const [f, setF] = useState<Record<Field, string>>({
    businessName: '',
    mcc: '',
    bankName: '',
    accountNumber: '',
    phone: '',
    email: '',
  });
  const [shown, setShown] = useState(false);
  const set = (k: Field) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  const problems: Partial<Record<Field, string>> = {};
  for (const k of Object.keys(f) as Field[]) if (!f[k].trim()) problems[k] = t('merchant.apply.required');
  if (f.accountNumber && !/^\d{8,30}$/.test(digits(f.accountNumber)))
    problems.accountNumber = t('merchant.apply.accountInvalid');
  if (f.phone && !/^1\d{10}$/.test(digits(f.phone))) problems.phone = t('merchant.apply.phoneInvalid');
  if (f.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim()))
    problems.email = t('merchant.apply.emailInvalid');
  const err = (k: Field) => (shown ? (problems[k] ?? null) : null);

  const apply = useMutation({
    mutationFn: () =>
      merchantApi.apply({
        businessName: f.businessName.trim(),
        mcc: f.mcc,
        settlement: {
          kind: 'bank_account',
          bankName: f.bankName.trim(),
          accountNumber: digits(f.accountNumber),
        },
        contact: { phone: digits(f.phone), email: f.email.trim() },
      }),
    onSuccess: async (m) => {
      await queryClient.invalidateQueries({ queryKey: ['merchant', 'mine'] });
      await navigate({ to: '/merchant/$merchantId', params: { merchantId: m.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(problems).length === 0) apply.mutate();
  };

  return (
    <>
      <h1>{t('merchant.apply.title')}</h1>
      <p className="yb-muted">{t('merchant.apply.intro')}</p>
      <Card>
        <form className="yb-stack" onSubmit={submit} noValidate>
          <TextField
            label={t('merchant.apply.businessName')}
            hint={t('merchant.apply.businessNameHint')}
            error={err('businessName')}
            maxLength={64}
            value={f.businessName}
            onChange={(e) => set('businessName')(e.target.value)}
          />
          <SelectField label={t('merchant.apply.mcc')} value={f.mcc} onChange={set('mcc')} error={err('mcc')}>
            <option value="">{t('merchant.apply.mccChoose')}</option>
            {MCC_CODES.map((code) => (
              <option key={code} value={code}>
                {zh ? MCC_TABLE[code]!.zh : MCC_TABLE[code]!.en} ({code})
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('merchant.apply.bankName')}
            hint={t('merchant.apply.bankNameHint')}
            error={err('bankName')}
            maxLength={64}
            value={f.bankName}
            onChange={(e) => set('bankName')(e.target.value)}
          />
          <TextField
            label={t('merchant.apply.accountNumber')}
            hint={t('merchant.apply.accountNumberHint')}
            error={err('accountNumber')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={40}
            value={f.accountNumber}
            onChange={(e) => set('accountNumber')(e.target.value)}
          />
          <TextField
            label={t('merchant.apply.contactPhone')}
            error={err('phone')}
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            value={f.phone}
            onChange={(e) => set('phone')(e.target.value)}
          />
          <TextField
            label={t('merchant.apply.contactEmail')}
            error={err('email')}
            type="email"
            autoComplete="email"
            maxLength={254}
            value={f.email}
            onChange={(e) => set('email')(e.target.value)}
          />
          <Problem error={apply.error} />
          <Button type="submit" block disabled={apply.isPending}>
            {apply.isPending ? t('merchant.apply.submitting') : t('merchant.apply.submit')}
          </Button>
        </form>
      </Card>
    </>
  );
}
