import { useTranslation } from 'react-i18next';
import { Screen } from '../../screens/Layout.tsx';

export function SecurityScreen() {
  const { t } = useTranslation();
  return (
    <Screen title={t('security.title')} back="/home">
      <p className="yb-muted">{t('common.loading')}</p>
    </Screen>
  );
}
