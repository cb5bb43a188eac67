import { MigrationInterface, QueryRunner } from "typeorm";

export class SagaLeases1795670000000 implements MigrationInterface {
    name = 'SagaLeases1795670000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_sagas_created"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_status_created"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_wake_at"`);
        await queryRunner.query(`CREATE TABLE "temporary_sagas" ("id" varchar(36) PRIMARY KEY NOT NULL, "type" varchar(32) NOT NULL, "status" varchar(24) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200), "amount_cents" integer NOT NULL, "currency" varchar(3) NOT NULL, "payment_method" varchar(64) NOT NULL, "email_lock" varchar(254), "idempotency_key" varchar(255), "request_hash" varchar(64), "user_id" varchar(36), "transaction_id" varchar(36), "notification_id" varchar(36), "incident_id" varchar(32), "phase" varchar(16) NOT NULL, "step_index" integer NOT NULL, "awaiting" varchar(8), "wake_at" bigint, "attempt_sent_at" bigint, "activation_attempts" integer NOT NULL DEFAULT (0), "history_seq" integer NOT NULL DEFAULT (0), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "finished_at" bigint, "deadline_at" bigint, "owner" varchar(64), CONSTRAINT "UQ_e4f9b511fb7717ac7c7feb426dd" UNIQUE ("idempotency_key"), CONSTRAINT "UQ_0477c6656dfbec2b6af52717517" UNIQUE ("email_lock"))`);
        await queryRunner.query(`INSERT INTO "temporary_sagas"("id", "type", "status", "email", "name", "amount_cents", "currency", "payment_method", "email_lock", "idempotency_key", "request_hash", "user_id", "transaction_id", "notification_id", "incident_id", "phase", "step_index", "awaiting", "wake_at", "attempt_sent_at", "activation_attempts", "history_seq", "created_at", "updated_at", "finished_at") SELECT "id", "type", "status", "email", "name", "amount_cents", "currency", "payment_method", "email_lock", "idempotency_key", "request_hash", "user_id", "transaction_id", "notification_id", "incident_id", "phase", "step_index", "awaiting", "wake_at", "attempt_sent_at", "activation_attempts", "history_seq", "created_at", "updated_at", "finished_at" FROM "sagas"`);
        await queryRunner.query(`DROP TABLE "sagas"`);
        await queryRunner.query(`ALTER TABLE "temporary_sagas" RENAME TO "sagas"`);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_created" ON "sagas" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_status_created" ON "sagas" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_wake_at" ON "sagas" ("wake_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_owner" ON "sagas" ("owner") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_sagas_owner"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_wake_at"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_status_created"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_created"`);
        await queryRunner.query(`ALTER TABLE "sagas" RENAME TO "temporary_sagas"`);
        await queryRunner.query(`CREATE TABLE "sagas" ("id" varchar(36) PRIMARY KEY NOT NULL, "type" varchar(32) NOT NULL, "status" varchar(24) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200), "amount_cents" integer NOT NULL, "currency" varchar(3) NOT NULL, "payment_method" varchar(64) NOT NULL, "email_lock" varchar(254), "idempotency_key" varchar(255), "request_hash" varchar(64), "user_id" varchar(36), "transaction_id" varchar(36), "notification_id" varchar(36), "incident_id" varchar(32), "phase" varchar(16) NOT NULL, "step_index" integer NOT NULL, "awaiting" varchar(8), "wake_at" bigint, "attempt_sent_at" bigint, "activation_attempts" integer NOT NULL DEFAULT (0), "history_seq" integer NOT NULL DEFAULT (0), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "finished_at" bigint, CONSTRAINT "UQ_e4f9b511fb7717ac7c7feb426dd" UNIQUE ("idempotency_key"), CONSTRAINT "UQ_0477c6656dfbec2b6af52717517" UNIQUE ("email_lock"))`);
        await queryRunner.query(`INSERT INTO "sagas"("id", "type", "status", "email", "name", "amount_cents", "currency", "payment_method", "email_lock", "idempotency_key", "request_hash", "user_id", "transaction_id", "notification_id", "incident_id", "phase", "step_index", "awaiting", "wake_at", "attempt_sent_at", "activation_attempts", "history_seq", "created_at", "updated_at", "finished_at") SELECT "id", "type", "status", "email", "name", "amount_cents", "currency", "payment_method", "email_lock", "idempotency_key", "request_hash", "user_id", "transaction_id", "notification_id", "incident_id", "phase", "step_index", "awaiting", "wake_at", "attempt_sent_at", "activation_attempts", "history_seq", "created_at", "updated_at", "finished_at" FROM "temporary_sagas"`);
        await queryRunner.query(`DROP TABLE "temporary_sagas"`);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_wake_at" ON "sagas" ("wake_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_status_created" ON "sagas" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_created" ON "sagas" ("created_at", "id") `);
    }

}
