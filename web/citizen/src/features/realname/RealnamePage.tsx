// 我的 → 实名认证: the current level (identity masked), the three routes, face sign-in, the full ID number behind step-up,
// and the minors' notices (PP-5.1).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorBlock, List, NoticeBar, Switch, Tag, Toast, DotLoading } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { withStepUp } from '../identity/index.tsx';
import { problemText, useStatus, type Problem } from './store.ts';
import { useConsentGate } from './useConsentGate.tsx';

export function RealnamePage() {
  const { t } = useTranslation();
  const [status, reload] = useStatus();
  const [fullId, setFullId] = useState<string | null>(null);
  const [sheet, ask] = useConsentGate();
  if (status === undefined) return <div className="section" style={{ textAlign: 'center' }}><DotLoading /></div>;
  if (status === null) {
    return (
      <div className="section">
        <ErrorBlock status="default" title={t('realname.notSignedIn')} description={null} />
        <Button block color="primary" onClick={() => navigate('/login')}>
          {t('realname.goLogin')}
        </Button>
      </div>
    );
  }
  const v = status.verified;
  const showFull = async () => {
    // 二次核身: identity's step-up sheet answers step-up-required, then the read is retried once
    const { data, error } = await withStepUp(() => api.GET('/api/v1/realname/me/id-number'));
    if (data) setFullId(data.idNumber);
    else Toast.show({ content: problemText(error as Problem, t('realname.stepUpNeeded')) });
  };
  const toggleFaceLogin = async (enabled: boolean) => {
    if (enabled && !(await ask('real-name-face'))) return;
    const { error } = await api.PUT('/api/v1/realname/face-login', { body: { enabled } });
    if (error) Toast.show({ content: problemText(error as Problem, t('realname.error')) });
    reload();
  };
  return (
    <>
      {v?.ageBand === 'under-14' && <NoticeBar content={t('realname.childNotice')} wrap color="alert" />}
      {v?.ageBand === '14-17' && <NoticeBar content={t('realname.minorNotice')} wrap color="alert" data-testid="rn-minor-notice" />}
      <List header={t('realname.current')} className="section">
        <List.Item extra={<Tag color={status.level === 'none' ? 'default' : 'success'} data-testid="rn-level">{t(`realname.level.${status.level}`)}</Tag>}>
          {t('realname.title')}
        </List.Item>
        {v && (
          <>
            <List.Item extra={v.realNameMasked}>{t('realname.name')}</List.Item>
            <List.Item extra={<span data-testid="rn-id-shown">{fullId ?? v.idNumberMasked}</span>} onClick={fullId ? undefined : () => void showFull()} description={fullId ? null : t('realname.showFull')}>
              {t('realname.idNumber')}
            </List.Item>
            {v.cardTail && <List.Item>{t('realname.cardTail', { tail: v.cardTail })}</List.Item>}
            {v.faceVerifiedAt && (
              <List.Item description={t('realname.faceLoginNote')} extra={<Switch checked={v.faceLoginEnabled} onChange={(on) => void toggleFaceLogin(on)} data-testid="rn-face-login-switch" />}>
                {t('realname.faceLogin')}
              </List.Item>
            )}
          </>
        )}
      </List>
      <List header={t('realname.routes')} className="section">
        <List.Item description={t('realname.routeFaceDesc')} onClick={() => navigate('/me/realname/face')} data-testid="rn-route-face">
          {t('realname.routeFace')}
        </List.Item>
        <List.Item description={t('realname.routeIdDesc')} onClick={() => navigate('/me/realname/id')} data-testid="rn-route-id">
          {t('realname.routeId')}
        </List.Item>
        <List.Item description={t('realname.routeCardDesc')} onClick={() => navigate('/me/realname/card')} data-testid="rn-route-card">
          {t('realname.routeCard')}
        </List.Item>
      </List>
      <List className="section">
        <List.Item onClick={() => navigate('/me/guardian')} extra={status.guardians > 0 ? String(status.guardians) : null}>
          {t('realname.guardianTitle')}
        </List.Item>
      </List>
      {sheet}
    </>
  );
}
