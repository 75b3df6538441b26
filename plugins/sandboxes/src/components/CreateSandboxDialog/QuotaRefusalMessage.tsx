import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DateTime } from 'luxon';
import { rootRouteRef } from '../../routes';
import { QuotaRefusal } from '../../lib/quota';
import { clockTime, relativeTime } from '../../lib/time';

/** Why a create was refused for quota, what to do, and when to try again. */
export function QuotaRefusalMessage(props: { refusal: QuotaRefusal }) {
  const { message, retryAt } = props.refusal;
  const sandboxesLink = useRouteRef(rootRouteRef);
  const retryIso = retryAt ? DateTime.fromJSDate(retryAt).toISO() : null;
  return (
    <Alert severity="warning" role="alert">
      <AlertTitle>You have reached your sandbox limit</AlertTitle>
      <p>{message}</p>
      <p>
        To start a new one, delete a sandbox you no longer need from{' '}
        <Link to={sandboxesLink()}>your sandboxes</Link>
        {retryIso
          ? `, or wait: a slot frees up ${relativeTime(
              retryIso,
            )} (at ${clockTime(retryIso)}).`
          : ', or wait until one of them expires.'}
      </p>
    </Alert>
  );
}
