import { useTranslation } from 'react-i18next';

export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <div className="section">
      <p>{t('privacyBody')}</p>
    </div>
  );
}
