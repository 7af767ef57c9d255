// Inputs and outputs of the `email` procedures (the console's dead-letter handling).
import { z } from "zod";
import { phiField } from "../phi-fields";

export const resendEmailInput = z.object({ id: phiField("token", z.uuid()) });
export type ResendEmailInput = z.input<typeof resendEmailInput>;

export const resendEmailOutput = z.object({ id: z.uuid(), status: z.literal("pending") });
export type ResendEmailOutput = z.infer<typeof resendEmailOutput>;
