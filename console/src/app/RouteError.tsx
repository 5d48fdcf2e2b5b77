import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { messageOf } from '../api/errors';

export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('common.somethingWentWrong')}
      subTitle={messageOf(error)}
      extra={<Button onClick={() => location.reload()}>{t('common.reload')}</Button>}
    />
  );
}
