// How an endpoint's signing secret is shown (after adding the endpoint and after a rotation).
import type { RevealedSecret } from "../_components/secret-reveal-dialog";

export function signingSecretRevealed(
  title: string,
  endpoint: { url: string; secret: string },
  note?: string,
): RevealedSecret {
  return {
    title,
    description: `Deliveries to ${endpoint.url} are signed with this secret; verify them with any Standard Webhooks library.${note ? ` ${note}` : ""}`,
    descriptionClassName: "break-all",
    fieldId: "webhook-signing-secret",
    fieldLabel: "Signing secret",
    secret: endpoint.secret,
    storeIn: <>Put it in your receiver&apos;s configuration now</>,
  };
}
