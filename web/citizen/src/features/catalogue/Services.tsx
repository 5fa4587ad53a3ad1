import { useTranslation } from 'react-i18next';
import { ErrorBlock } from 'antd-mobile';

export function Services() {
  const { t } = useTranslation();
  return (
    <div className="section">
      <ErrorBlock status="empty" title={t('servicesEmpty')} description={t('servicesEmptyNote')} />
    </div>
  );
}
