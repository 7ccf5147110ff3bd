using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SuitablePlacementTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AlsoSuitableTypes",
                table: "PlacementRequests",
                type: "integer",
                maxLength: 40,
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlsoSuitableTypes",
                table: "PlacementRequests");
        }
    }
}
