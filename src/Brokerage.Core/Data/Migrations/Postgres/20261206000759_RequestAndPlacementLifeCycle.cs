using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RequestAndPlacementLifeCycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Placements_PlacementRequestId",
                table: "Placements");

            migrationBuilder.AddColumn<int>(
                name: "NoticePeriodDays",
                table: "SettingContracts",
                type: "integer",
                nullable: false,
                defaultValue: 28);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChasedAt",
                table: "Referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProfileChangedAt",
                table: "Referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithdrawnAt",
                table: "Referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnReason",
                table: "Referrals",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ArrivedAt",
                table: "Placements",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DidNotStartReason",
                table: "Placements",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EndDate",
                table: "Placements",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndDetails",
                table: "Placements",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "EndPlanned",
                table: "Placements",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndReason",
                table: "Placements",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EndRecordedAt",
                table: "Placements",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndRecordedBy",
                table: "Placements",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsInterim",
                table: "Placements",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "MoveRequestId",
                table: "Placements",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NoticeGivenOn",
                table: "Placements",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NoticePeriodDays",
                table: "Placements",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StartRecordedBy",
                table: "Placements",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Placements",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ChangedSinceMatchingAt",
                table: "PlacementRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "PlacementRequests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "PlacementRequests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Closure",
                table: "PlacementRequests",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReplacesPlacementId",
                table: "PlacementRequests",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalDetails",
                table: "PlacementRequests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalReason",
                table: "PlacementRequests",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlacementCostChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlacementId = table.Column<int>(type: "integer", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    WeeklyCost = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    PreviousWeeklyCost = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Details = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlacementCostChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlacementCostChanges_Placements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "Placements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Placements_PlacementRequestId",
                table: "Placements",
                column: "PlacementRequestId",
                unique: true,
                filter: "\"Status\" <> 'DidNotStart'");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementRequests_ChildReference",
                table: "PlacementRequests",
                column: "ChildReference");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementRequests_ReplacesPlacementId",
                table: "PlacementRequests",
                column: "ReplacesPlacementId");

            migrationBuilder.CreateIndex(
                name: "IX_PlacementCostChanges_PlacementId",
                table: "PlacementCostChanges",
                column: "PlacementId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlacementCostChanges");

            migrationBuilder.DropIndex(
                name: "IX_Placements_PlacementRequestId",
                table: "Placements");

            migrationBuilder.DropIndex(
                name: "IX_PlacementRequests_ChildReference",
                table: "PlacementRequests");

            migrationBuilder.DropIndex(
                name: "IX_PlacementRequests_ReplacesPlacementId",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "NoticePeriodDays",
                table: "SettingContracts");

            migrationBuilder.DropColumn(
                name: "ChasedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ProfileChangedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "WithdrawnReason",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ArrivedAt",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "DidNotStartReason",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EndDate",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EndDetails",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EndPlanned",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EndReason",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EndRecordedAt",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "EndRecordedBy",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "IsInterim",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "MoveRequestId",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "NoticeGivenOn",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "NoticePeriodDays",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "StartRecordedBy",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "ChangedSinceMatchingAt",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "Closure",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "ReplacesPlacementId",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "WithdrawalDetails",
                table: "PlacementRequests");

            migrationBuilder.DropColumn(
                name: "WithdrawalReason",
                table: "PlacementRequests");

            migrationBuilder.CreateIndex(
                name: "IX_Placements_PlacementRequestId",
                table: "Placements",
                column: "PlacementRequestId",
                unique: true);
        }
    }
}
