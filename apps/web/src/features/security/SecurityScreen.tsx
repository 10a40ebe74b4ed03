import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Card } from '../../design/components.tsx';
import { Screen } from '../../screens/Layout.tsx';
import { securityApi } from './api.ts';
import { useErrorText, useMeAndWallet } from './ui.tsx';

/** The security centre: what protects the wallet, what to do next, and a way to each control. */
export function SecurityScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const status = useQuery({ queryKey: ['security', 'status'], queryFn: securityApi.status });
  const passkeys = useQuery({ queryKey: ['security', 'passkeys'], queryFn: securityApi.passkeys });
  const devices = useQuery({ queryKey: ['security', 'devices'], queryFn: securityApi.devices });
  const { wallet } = useMeAndWallet();
  const s = status.data;
  const current = devices.data?.find((d) => d.current);
  const untrusted = current ? !current.trusted : false;
  const frozen = wallet.data?.status === 'frozen';
  const loaded = s && passkeys.data && devices.data;

  const nextSteps: { key: string; to: string }[] = [];
  if (s && loaded) {
    if (untrusted) nextSteps.push({ key: 'nextTrust', to: '/security/trust' });
    if (s.pinLocked) nextSteps.push({ key: 'nextPinLocked', to: '/security/pin' });
    else if (!s.pinSet) nextSteps.push({ key: 'nextPin', to: '/security/pin' });
    if (passkeys.data.length === 0) nextSteps.push({ key: 'nextPasskey', to: '/security/passkeys' });
    if (!s.totpEnrolled) nextSteps.push({ key: 'nextTotp', to: '/security/authenticator' });
  }
  const badge = (ok: boolean, text: string) => <span className={ok ? 'sec-ok' : 'sec-warn'}>{text}</span>;
  const error = status.error ?? passkeys.error ?? devices.error;

  const rows = [
    {
      key: 'pin',
      to: '/security/pin',
      state: s
        ? s.pinLocked
          ? badge(false, t('security.locked'))
          : badge(s.pinSet, t(s.pinSet ? 'security.set' : 'security.notSet'))
        : null,
    },
    {
      key: 'passkeys',
      to: '/security/passkeys',
      state: passkeys.data
        ? passkeys.data.length
          ? badge(true, t('security.passkeyCount', { count: passkeys.data.length }))
          : badge(false, t('security.notSet'))
        : null,
    },
    {
      key: 'totp',
      to: '/security/authenticator',
      state: s ? badge(s.totpEnrolled, t(s.totpEnrolled ? 'security.set' : 'security.notSet')) : null,
    },
    {
      key: 'devices',
      to: '/security/devices',
      state: current
        ? badge(
            current.trusted,
            t(current.trusted ? 'security.thisDeviceTrusted' : 'security.thisDeviceUntrusted'),
          )
        : null,
    },
    { key: 'sessions', to: '/security/sessions', state: null },
    { key: 'tapToPay', to: '/security/tap-to-pay', state: null },
    {
      key: 'freeze',
      to: '/security/freeze',
      state: wallet.data
        ? badge(!frozen, t(frozen ? 'security.walletFrozen' : 'security.walletActive'))
        : null,
    },
  ];

  return (
    <Screen title={t('security.title')} back="/home">
      <p className="yb-muted">{t('security.intro')}</p>
      {error ? <Alert>{errorText(error)}</Alert> : null}
      {loaded ? (
        <Card title={t('security.nextSteps')}>
          {nextSteps.length ? (
            <ul className="sec-next-steps">
              {nextSteps.map((x) => (
                <li key={x.key}>
                  <Link to={x.to}>{t(`security.${x.key}`)}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('security.allDone')}</p>
          )}
        </Card>
      ) : (
        <p className="yb-muted">{t('common.loading')}</p>
      )}
      <nav aria-label={t('security.title')} className="yb-list">
        {rows.map((r) => (
          <Link to={r.to} className="yb-list-item" key={r.key}>
            <span>{t(`security.items.${r.key}`)}</span>
            <span className="sec-tags">
              {r.state}
              <span aria-hidden="true">›</span>
            </span>
          </Link>
        ))}
      </nav>
    </Screen>
  );
}
