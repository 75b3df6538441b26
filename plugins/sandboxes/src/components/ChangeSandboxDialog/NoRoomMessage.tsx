import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DateTime } from 'luxon';
import { QuotaRefusal } from '../../lib/quota';
import { clockTime, relativeTime } from '../../lib/time';

/** A change refused for quota: the backend's words say what would free the room. */
export function NoRoomMessage(props: { refusal: QuotaRefusal }) {
  const { message, retryAt } = props.refusal;
  const retryIso = retryAt ? DateTime.fromJSDate(retryAt).toISO() : null;
  return (
    <Alert severity="warning" role="alert">
      <AlertTitle>There is no room for this change</AlertTitle>
      <p>{message}</p>
      {retryIso && (
        <p>
          {`Or try again ${relativeTime(retryIso)} (at ${clockTime(
            retryIso,
          )}), when room may have freed up.`}
        </p>
      )}
    </Alert>
  );
}
