/**
 * JSON Schema (draft 2020-12) of the `order` saga's input. Closed everywhere
 * (`additionalProperties: false`) so a typo is a 422, not silently ignored data.
 */
export const orderInputSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://saga-coordinator.local/schemas/order-input.json',
  title: 'OrderInput',
  type: 'object',
  additionalProperties: false,
  required: ['orderId', 'customerId', 'items', 'shippingAddress'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 100 },
    customerId: { type: 'string', minLength: 1, maxLength: 100 },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'quantity', 'unitPrice'],
        properties: {
          sku: { type: 'string', minLength: 1, maxLength: 100 },
          quantity: { type: 'integer', minimum: 1 },
          unitPrice: { type: 'number', minimum: 0 },
        },
      },
    },
    shippingAddress: {
      type: 'object',
      additionalProperties: false,
      required: ['country'],
      properties: {
        /** ISO 3166-1 alpha-2. */
        country: { type: 'string', pattern: '^[A-Z]{2}$' },
        line1: { type: 'string', minLength: 1, maxLength: 200 },
        city: { type: 'string', minLength: 1, maxLength: 100 },
        postalCode: { type: 'string', minLength: 1, maxLength: 20 },
      },
    },
  },
} as const;

/** The `order` saga's input, as the schema above allows it. */
export interface OrderInput {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  shippingAddress: { country: string; line1?: string; city?: string; postalCode?: string };
}
