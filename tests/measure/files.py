"""Small sales files in each supported layout, written as the systems write them."""

from __future__ import annotations

import csv
import io

import openpyxl

from canvas.measure.figures import Measurement, measure
from canvas.measure.layouts import ColumnMap
from canvas.measure.reading import read_sales
from canvas.measure.records import SalesRecords


def csv_bytes(
    header: list[str], rows: list[list[object]], sep: str = ",", encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, name: str = "sales.csv", columns: ColumnMap | None = None) -> SalesRecords:
    return read_sales(data, name, columns)


def measured(data: bytes, name: str = "sales.csv", **options: object) -> Measurement:
    return measure(read(data, name), **options)  # type: ignore[arg-type]


SQUARE_HEADER = [
    "Date", "Time", "Time Zone", "Gross Sales", "Discounts", "Service Charges", "Net Sales",
    "Gift Card Sales", "Tax", "Tip", "Partial Refunds", "Total Collected", "Source", "Card",
    "Cash", "Fees", "Net Total", "Transaction ID", "Payment ID", "Device Name", "Details",
    "Event Type", "Location", "Customer ID", "Customer Name", "Customer Reference ID",
]  # fmt: skip


def square_row(day: str, net: str, transaction: str, customer: str, event: str = "Payment"):  # type: ignore[no-untyped-def]
    row = dict.fromkeys(SQUARE_HEADER, "")
    row |= {
        "Date": day,
        "Time": "09:12:44",
        "Time Zone": "Pacific Time (US & Canada)",
        "Gross Sales": net,
        "Net Sales": net,
        "Total Collected": net,
        "Source": "Point of Sale",
        "Transaction ID": transaction,
        "Payment ID": transaction + "p",
        "Event Type": event,
        "Location": "Main St",
        "Customer ID": customer,
    }
    return [row[h] for h in SQUARE_HEADER]


SHOPIFY_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem sku", "Billing Name", "Notes", "Cancelled at", "Payment Method",
    "Refunded Amount", "Vendor", "Id", "Tags", "Source",
]  # fmt: skip


def shopify_rows(
    order: str, email: str, status: str, created: str, total: str, refunded: str, items: int
) -> list[list[str]]:
    rows = []
    for item in range(items):
        row = dict.fromkeys(SHOPIFY_HEADER, "")
        row |= {"Name": order, "Email": email, "Lineitem name": f"Item {item}"}
        if item == 0:
            row |= {
                "Financial Status": status,
                "Paid at": created,
                "Currency": "USD",
                "Total": total,
                "Created at": created,
                "Refunded Amount": refunded,
                "Source": "web",
            }
        rows.append([row[h] for h in SHOPIFY_HEADER])
    return rows


STRIPE_HEADER = [
    "id", "Description", "Seller Message", "Created date (UTC)", "Amount", "Amount Refunded",
    "Currency", "Captured", "Converted Amount", "Converted Amount Refunded", "Converted Currency",
    "Decline Reason", "Fee", "Refunded date (UTC)", "Statement Descriptor", "Status",
    "Card ID", "Customer ID", "Customer Description", "Customer Email",
]  # fmt: skip


def stripe_row(charge: str, created: str, amount: str, refunded: str, status: str, customer: str):  # type: ignore[no-untyped-def]
    row = dict.fromkeys(STRIPE_HEADER, "")
    row |= {
        "id": charge,
        "Created date (UTC)": created,
        "Amount": amount,
        "Amount Refunded": refunded,
        "Currency": "usd",
        "Captured": "true",
        "Status": status,
        "Customer ID": customer,
    }
    return [row[h] for h in STRIPE_HEADER]


WOO_HEADER = [
    "Order ID", "Order Number", "Order Date", "Order Status", "Shipping Method Title",
    "Order Subtotal Amount", "Order Shipping Amount", "Order Refund", "Order Total Amount",
    "Order Total Tax Amount", "Billing First Name", "Billing Email", "Customer Note",
]  # fmt: skip


def woo_row(order: int, day: str, status: str, total: str, refund: str, email: str):  # type: ignore[no-untyped-def]
    row = dict.fromkeys(WOO_HEADER, "")
    row |= {
        "Order ID": str(order),
        "Order Number": str(order),
        "Order Date": day,
        "Order Status": status,
        "Order Refund": refund,
        "Order Total Amount": total,
        "Billing Email": email,
    }
    return [row[h] for h in WOO_HEADER]
