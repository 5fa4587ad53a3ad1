// The outcome of a verification: the new level, or the server's precise refusal with a way to retry (retryable
// outages say so), or — for a child under 14 — the way to the guardian page.
import { useTranslation } from 'react-i18next';
import { Button, Result } from 'antd-mobile';
import { navigate } from '../../../../shared/router.ts';
import { lastResult, problemName, problemText } from './store.ts';

export function ResultPage() {
  const { t } = useTranslation();
  const r = lastResult();
  if (!r) {
    navigate('/me/realname', { replace: true });
    return null;
  }
  if (r.ok) {
    return (
      <div className="section" data-testid="rn-result" data-ok="true">
        <Result status="success" title={t('realname.result.ok')} description={t('realname.result.okDesc', { level: t(`realname.level.${r.status.level}`) })} />
        {r.status.guardianNotice && <p className="note">{r.status.verified?.ageBand === 'under-14' ? t('realname.childNotice') : t('realname.minorNotice')}</p>}
        <Button block color="primary" onClick={() => navigate('/me/realname')}>
          {t('realname.result.back')}
        </Button>
      </div>
    );
  }
  const name = problemName(r.problem);
  return (
    <div className="section" data-testid="rn-result" data-ok="false" data-problem={name}>
      <Result
        status={r.problem.retryable ? 'waiting' : 'error'}
        title={t('realname.result.fail')}
        description={r.problem.retryable ? t('realname.result.retryLater') : problemText(r.problem, t('realname.error'))}
      />
      {name === 'guardian-consent-required' ? (
        <Button block color="primary" onClick={() => navigate('/me/guardian')}>
          {t('realname.toGuardian')}
        </Button>
      ) : (
        <Button block color="primary" onClick={() => navigate(r.retryPath)}>
          {t('realname.result.retry')}
        </Button>
      )}
      <Button block style={{ marginTop: 8 }} onClick={() => navigate('/me/realname')}>
        {t('realname.result.back')}
      </Button>
    </div>
  );
}
