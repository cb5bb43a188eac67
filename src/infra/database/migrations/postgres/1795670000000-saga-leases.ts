import { MigrationInterface, QueryRunner } from "typeorm";

export class SagaLeases1795670000000 implements MigrationInterface {
    name = 'SagaLeases1795670000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sagas" ADD "deadline_at" bigint`);
        await queryRunner.query(`ALTER TABLE "sagas" ADD "owner" character varying(64)`);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_owner" ON "sagas"  ("owner") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_sagas_owner"`);
        await queryRunner.query(`ALTER TABLE "sagas" DROP COLUMN "owner"`);
        await queryRunner.query(`ALTER TABLE "sagas" DROP COLUMN "deadline_at"`);
    }

}
