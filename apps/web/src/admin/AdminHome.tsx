import { useTranslation } from 'react-i18next';

export function AdminHome() {
  const { t } = useTranslation();
  return (
    <main className="yb-main">
      <h1>{t('admin.title')}</h1>
    </main>
  );
}
