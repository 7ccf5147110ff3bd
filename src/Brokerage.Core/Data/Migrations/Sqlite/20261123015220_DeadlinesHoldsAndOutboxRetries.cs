using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeadlinesHoldsAndOutboxRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PlacementRequests_Status",
                table: "PlacementRequests");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstChaseAt",
                table: "Referrals",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstChaseSentAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SecondChaseAt",
                table: "Referrals",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "SecondChaseSentAt",
                table: "Referrals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EscalateAt",
                table: "PlacementRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EscalatedAt",
                table: "PlacementRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SearchStage",
                table: "PlacementRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "AttachmentContent",
                table: "OutboxMessages",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttachmentName",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "HeldBy",
                table: "Offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldUntil",
                table: "Offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HoldWarningAt",
                table: "Offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HoldWarningSentAt",
                table: "Offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_FirstChaseAt",
                table: "Referrals",
                columns: new[] { "Status", "FirstChaseAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_RespondBy",
                table: "Referrals",
                columns: new[] { "Status", "RespondBy" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_SecondChaseAt",
                table: "Referrals",
                columns: new[] { "Status", "SecondChaseAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlacementRequests_Status_EscalateAt",
                table: "PlacementRequests",
                columns: new[] { "Status", "EscalateAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_HeldUntil",
                table: "Offers",
                columns: new[] { "Status", "HeldUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_FirstChaseAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_RespondBy",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_SecondChaseAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_PlacementRequests_Status_EscalateAt",
                table: "PlacementRequests");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_HeldUntil",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "FirstChaseAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "FirstChaseSentAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "SecondChaseAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "SecondChaseSentAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "EscalateAt",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "SearchStage",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "AttachmentContent",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "AttachmentName",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "HeldBy",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "HeldUntil",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "HoldWarningAt",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "HoldWarningSentAt",
                table: "Offers");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementRequests_Status",
                table: "PlacementRequests",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status",
                table: "OutboxMessages",
                column: "Status");
        }
    }
}
