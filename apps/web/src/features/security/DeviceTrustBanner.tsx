import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { securityApi } from './api.ts';
import './security.css';

/** On home: this session's device is not trusted yet, with the way to trust it. Nothing otherwise. */
export function DeviceTrustBanner() {
  const { t } = useTranslation();
  const devices = useQuery({ queryKey: ['security', 'devices'], queryFn: securityApi.devices });
  const current = devices.data?.find((d) => d.current);
  if (!current || current.trusted) return null;
  return (
    <section className="sec-banner" aria-label={t('security.banner.action')}>
      <p>{t('security.banner.text')}</p>
      <Link to="/security/trust">{t('security.banner.action')}</Link>
    </section>
  );
}
