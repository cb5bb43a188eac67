import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795660000000 implements MigrationInterface {
    name = 'InitialSchema1795660000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "incident_counters" ("day" varchar(10) PRIMARY KEY NOT NULL, "last" integer NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "sandbox_requests" ("idempotency_key" varchar(200) PRIMARY KEY NOT NULL, "operation" varchar(40) NOT NULL, "response" text NOT NULL, "calls" integer NOT NULL, "created_at" bigint NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "send_key" varchar(120) NOT NULL, "channel" varchar(16) NOT NULL, "recipient" varchar(254) NOT NULL, "status" varchar(16) NOT NULL, "provider_message_id" varchar(64), "error" varchar(500), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_e4331b441cc115ecb8551eec8c5" UNIQUE ("send_key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_notifications_user" ON "notifications" ("user_id") `);
        await queryRunner.query(`CREATE TABLE "payments" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "charge_key" varchar(120) NOT NULL, "amount_cents" integer NOT NULL, "currency" varchar(3) NOT NULL, "payment_method" varchar(64) NOT NULL, "receipt_email" varchar(254) NOT NULL, "status" varchar(16) NOT NULL, "provider_charge_id" varchar(64), "decline_code" varchar(64), "refund_id" varchar(64), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_21af05f6e7936dee4ff2456a6e2" UNIQUE ("charge_key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_payments_user" ON "payments" ("user_id") `);
        await queryRunner.query(`CREATE TABLE "saga_history" ("saga_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" bigint NOT NULL, "type" varchar(48) NOT NULL, "step" varchar(32), "data" text NOT NULL, PRIMARY KEY ("saga_id", "seq"))`);
        await queryRunner.query(`CREATE TABLE "saga_steps" ("saga_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(32) NOT NULL, "status" varchar(24) NOT NULL, "attempts" integer NOT NULL, "compensation_attempts" integer NOT NULL, "output" text, "error" varchar(500), "started_at" bigint, "finished_at" bigint, PRIMARY KEY ("saga_id", "position"))`);
        await queryRunner.query(`CREATE TABLE "sagas" ("id" varchar(36) PRIMARY KEY NOT NULL, "type" varchar(32) NOT NULL, "status" varchar(24) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200), "amount_cents" integer NOT NULL, "currency" varchar(3) NOT NULL, "payment_method" varchar(64) NOT NULL, "email_lock" varchar(254), "idempotency_key" varchar(255), "request_hash" varchar(64), "user_id" varchar(36), "transaction_id" varchar(36), "notification_id" varchar(36), "incident_id" varchar(32), "phase" varchar(16) NOT NULL, "step_index" integer NOT NULL, "awaiting" varchar(8), "wake_at" bigint, "attempt_sent_at" bigint, "activation_attempts" integer NOT NULL DEFAULT (0), "history_seq" integer NOT NULL DEFAULT (0), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "finished_at" bigint, CONSTRAINT "UQ_0477c6656dfbec2b6af52717517" UNIQUE ("email_lock"), CONSTRAINT "UQ_e4f9b511fb7717ac7c7feb426dd" UNIQUE ("idempotency_key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_wake_at" ON "sagas" ("wake_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_status_created" ON "sagas" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_created" ON "sagas" ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200), "status" varchar(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_670ecef088a594c2b808ab1050e" UNIQUE ("saga_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_live_email" ON "users" ("email") WHERE status <> 'DELETED'`);
        await queryRunner.query(`CREATE TABLE "incidents" ("id" varchar(32) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "summary" text NOT NULL, "effects_in_place" text NOT NULL, "created_at" bigint NOT NULL, "resolved_at" bigint, "note" text, CONSTRAINT "UQ_d60b7f55ac6f1a6b6ecfcd008f0" UNIQUE ("saga_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_incidents_status_created" ON "incidents" ("status", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_incidents_status_created"`);
        await queryRunner.query(`DROP TABLE "incidents"`);
        await queryRunner.query(`DROP INDEX "UQ_users_live_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_created"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_status_created"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_wake_at"`);
        await queryRunner.query(`DROP TABLE "sagas"`);
        await queryRunner.query(`DROP TABLE "saga_steps"`);
        await queryRunner.query(`DROP TABLE "saga_history"`);
        await queryRunner.query(`DROP INDEX "IDX_payments_user"`);
        await queryRunner.query(`DROP TABLE "payments"`);
        await queryRunner.query(`DROP INDEX "IDX_notifications_user"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TABLE "sandbox_requests"`);
        await queryRunner.query(`DROP TABLE "incident_counters"`);
    }

}
