import { useTranslation } from 'react-i18next';
import { Screen } from '../../screens/Layout.tsx';

export function TransactionScreen() {
  const { t } = useTranslation();
  return (
    <Screen title={t('history.title')} back="/home">
      <p className="yb-muted">{t('common.loading')}</p>
    </Screen>
  );
}
