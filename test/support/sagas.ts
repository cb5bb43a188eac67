import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';

export const FINAL = ['COMPLETED', 'ROLLED_BACK', 'PARTIALLY_ROLLED_BACK'];

export interface Registration {
  email: string;
  name?: string;
  amount: number;
  currency?: string;
  paymentMethod: string;
}

/** Differs per test file, so files sharing one database (PostgreSQL runs) never reuse an e-mail. */
const RUN = randomUUID().slice(0, 8);
let counter = 0;
/** A registration with an e-mail no other test uses. */
export function aRegistration(overrides: Partial<Registration> = {}): Registration {
  counter += 1;
  return { email: `user${counter}.${RUN}@example.com`, name: 'Ada Lovelace', amount: 99.99, paymentMethod: 'pm_card_visa', ...overrides };
}

export async function register(http: TestAgent, body: Registration, headers: Record<string, string> = {}) {
  const response = await http.post('/registrations').set(headers).send(body);
  if (![200, 202].includes(response.status)) throw new Error(`POST /registrations answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as SagaView;
}

/** Polls the saga until `until` holds, failing after `timeoutMs`; never a fixed sleep. */
export async function waitForSaga(
  http: TestAgent,
  sagaId: string,
  until: (saga: SagaView) => boolean = (s) => FINAL.includes(s.status),
  timeoutMs = 15_000,
): Promise<SagaView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await http.get(`/sagas/${sagaId}`).expect(200);
    if (until(body)) return body;
    if (Date.now() > deadline) throw new Error(`Saga ${sagaId} did not get there in ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function setFaults(http: TestAgent, rules: object[]) {
  await http.put('/admin/faults').send({ rules }).expect(200);
}

export interface StepView {
  name: string;
  status: string;
  attempts: number;
  compensationAttempts: number;
  output: Record<string, unknown> | null;
  error: string | null;
}

export interface SagaView {
  sagaId: string;
  status: string;
  email: string;
  createdAt: string;
  userId: string | null;
  transactionId: string | null;
  notificationId: string | null;
  incidentId: string | null;
  steps: StepView[];
  history: Array<{ seq: number; at: string; type: string; step: string | null; data: Record<string, unknown> }>;
}

export const step = (saga: SagaView, name: string) => saga.steps.find((s) => s.name === name)!;
export const historyTypes = (saga: SagaView) => saga.history.map((h) => h.type);
