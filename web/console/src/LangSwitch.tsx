import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { setLang } from '../../shared/i18n.ts';

export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Button type="link" data-testid="lang-switch" onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
      {t('switchTo')}
    </Button>
  );
}
