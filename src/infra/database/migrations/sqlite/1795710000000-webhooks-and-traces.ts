import { MigrationInterface, QueryRunner } from "typeorm";

/** The webhook outbox, and the trace context each saga's spans join (W3C traceparent). */
export class WebhooksAndTraces1795710000000 implements MigrationInterface {
    name = 'WebhooksAndTraces1795710000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "type" varchar(40) NOT NULL, "data" text NOT NULL, "created_at" bigint NOT NULL, "status" varchar(12) NOT NULL, "attempts" integer NOT NULL, "next_attempt_at" bigint NOT NULL, "lease_owner" varchar(64), "lease_until" bigint, "last_error" varchar(300), "delivered_at" bigint)`);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_saga" ON "webhook_deliveries" ("saga_id", "seq") `);
        await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries" ("status", "next_attempt_at") `);
        await queryRunner.query(`ALTER TABLE "sagas" ADD COLUMN "trace_parent" varchar(55)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sagas" DROP COLUMN "trace_parent"`);
        await queryRunner.query(`DROP INDEX "IDX_webhook_deliveries_due"`);
        await queryRunner.query(`DROP INDEX "IDX_webhook_deliveries_saga"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    }
}
