// How a new API key's secret is shown (after create and rotate).
import type { RevealedSecret } from "../_components/secret-reveal-dialog";

export function apiKeyRevealed(
  key: { name: string; secret: string },
  note?: string,
): RevealedSecret {
  return {
    title: "Copy your new API key",
    description: (
      <>
        The secret of &ldquo;{key.name}&rdquo;. Send it as{" "}
        <code>Authorization: Bearer &lt;key&gt;</code>.{note ? ` ${note}` : ""}
      </>
    ),
    fieldId: "api-key-secret",
    fieldLabel: "API key secret",
    secret: key.secret,
    storeIn: <>Store it in a secret manager or your deployment&apos;s environment now</>,
  };
}
