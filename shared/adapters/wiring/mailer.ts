/** The SES v2-backed `Mailer` port. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../../config';
import { makeSesMailer } from '../ses-mailer';
import { instrumented, lazyPort } from './lazy-port';

/** E-mail from SENDER_ADDRESS (and SES_CONFIGURATION_SET when set), built on first use. */
export const mailerPort = lazyPort(() => {
  const c = config();
  return makeSesMailer(instrumented(new SESv2Client({ region: c.AWS_REGION })), c.SENDER_ADDRESS, c.SES_CONFIGURATION_SET);
});
