import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../design/components.tsx';
import { adminApi } from './api.ts';
import { ApiProblem, codeOf, Notice, PageHead } from './ui.tsx';

const PHONE = /^1\d{10}$/;

/** Customer lookup by mobile number (GET /v1/staff/customers?phone=, audited). */
export function CustomerSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [touched, setTouched] = useState(false);
  const clean = phone.replace(/[\s-]/g, '');
  const find = useMutation({
    mutationFn: () => adminApi.findCustomer(clean),
    onSuccess: (c) => navigate({ to: '/admin/customers/$customerId', params: { customerId: c.id } }),
  });
  const error = touched && !PHONE.test(clean) ? t('admin.customers.phoneInvalid') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (PHONE.test(clean)) find.mutate();
  };
  return (
    <>
      <PageHead title={t('admin.customers.title')} intro={t('admin.customers.hint')} />
      <form
        className="adm-panel adm-search"
        onSubmit={submit}
        noValidate
        aria-label={t('admin.customers.title')}
      >
        <TextField
          label={t('admin.customers.phone')}
          hint={t('admin.customers.phoneHint')}
          error={error}
          type="tel"
          inputMode="numeric"
          maxLength={13}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <Button type="submit" disabled={find.isPending}>
          {t('admin.customers.search')}
        </Button>
      </form>
      {find.error && codeOf(find.error) === 'CUSTOMER_NOT_FOUND' ? (
        <Notice>{t('admin.customers.notFound')}</Notice>
      ) : (
        <ApiProblem error={find.error} />
      )}
    </>
  );
}
