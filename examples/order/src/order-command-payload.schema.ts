import { z } from 'zod';

/**
 * The part of the order saga's input the example participants read. Each participant checks
 * what it needs itself (it may be written by another team, in another language); extra fields
 * are ignored.
 */
export const OrderFields = z.object({
  orderId: z.string().min(1).max(200),
  items: z
    .array(
      z.object({
        sku: z.string().min(1).max(200),
        quantity: z.number().int().positive(),
        unitPrice: z.number().nonnegative().finite(),
      }),
    )
    .min(1)
    .max(1000),
  shippingAddress: z.object({ country: z.string().min(2).max(2) }).passthrough(),
});
export type OrderFields = z.infer<typeof OrderFields>;

/** `execute` payload: `{ input, outputs }`. */
export const ExecutePayload = z.object({ input: OrderFields });

/** `compensate` payload: `{ input, output }` (output is the step's own result, possibly null). */
export const CompensatePayload = z.object({ input: OrderFields });

/** The failure code of a payload the participant cannot read. */
export const InvalidOrderCode = 'invalid-order';

/** One line per problem, for the failure message. */
export function describePayloadProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
