/** Inputs the tests, the demo and the admin API use to put data into the simulator. */
export interface SimPartInput {
  partNum: string;
  description: string;
  /** Decimal string ("12.50"): money is never a float here. */
  unitPrice: string;
  salesUM?: string;
  ium?: string;
  inActive?: boolean;
  webPart?: boolean;
  company?: string;
}

export interface SimCustomerInput {
  custId: string;
  name: string;
  email?: string;
  address1?: string;
  address2?: string;
  address3?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  phone?: string;
  termsCode?: string;
  creditHold?: boolean;
  checkDuplicatePO?: boolean;
  /** Customer.AllowOTS: orders may carry a one-time ship-to address. Default false, as in Kinetic. */
  allowOts?: boolean;
  currencyCode?: string;
  /** Country.CountryNum of the customer's own address (see SIM_COUNTRIES). */
  countryNum?: number;
  shipViaCode?: string;
  /** Further ship-to addresses (ShipTo rows); the customer's own address is ShipToNum '' automatically. */
  shipTos?: SimShipToInput[];
  /** Assigned when missing. */
  custNum?: number;
  company?: string;
}

export interface SimShipToInput {
  shipToNum: string;
  name?: string;
  address1?: string;
  address2?: string;
  address3?: string;
  city?: string;
  state?: string;
  zip?: string;
  countryNum?: number;
  phone?: string;
  shipViaCode?: string;
}

export interface SimWarehouseQtyInput {
  partNum: string;
  warehouseCode: string;
  /** Site; default MfgSys. PartWhse's key is (Company, PartNum, Plant, WarehouseCode). */
  plant?: string;
  onHandQty: number;
  allocatedQty?: number;
  /** Open order demand (sales order releases not yet shipped, allocated or not). */
  demandQty?: number;
  company?: string;
}

export interface SimSeed {
  parts?: SimPartInput[];
  customers?: SimCustomerInput[];
  warehouses?: SimWarehouseQtyInput[];
}

/** An order as stored, Epicor column names, decimals as strings. */
export interface SimOrder {
  Company: string;
  OrderNum: number;
  CustNum: number;
  BTCustNum: number;
  ShipToCustNum: number;
  CustomerCustID: string;
  PONum: string;
  OrderDate: string | null;
  NeedByDate: string | null;
  RequestDate: string | null;
  OpenOrder: boolean;
  OrderHeld: boolean;
  VoidOrder: boolean;
  OrderComment: string;
  DocOrderAmt: string;
  DocTotalMisc: string;
  DocTotalTax: string;
  SysRevID: string;
  SysRowID: string;
  lines: SimOrderLine[];
  miscCharges: SimMiscCharge[];
  /** OrderRel rows: SellingReqQty to ship, SellingStockShippedQty shipped. */
  releases: SimOrderRelease[];
  [field: string]: unknown;
}

export interface SimOrderRelease {
  OrderNum: number;
  OrderLine: number;
  OrderRelNum: number;
  SellingReqQty: string;
  SellingStockShippedQty: string;
  OpenRelease: boolean;
  [field: string]: unknown;
}

export interface SimOrderLine {
  OrderNum: number;
  OrderLine: number;
  LineType: string;
  PartNum: string;
  LineDesc: string;
  Reference: string;
  SalesUM: string;
  SellingQuantity: string;
  DocUnitPrice: string;
  UnitPrice: string;
  DocExtPriceDtl: string;
  OpenLine: boolean;
  [field: string]: unknown;
}

export interface SimMiscCharge {
  OrderNum: number;
  /** 0 = header-level charge. */
  OrderLine: number;
  SeqNum: number;
  MiscCode: string;
  Description: string;
  DocMiscAmt: string;
  [field: string]: unknown;
}

/** A credit memo (or correction invoice) created by RMACreditAdd or entered through ARInvoiceSvc, with its lines. */
export interface SimCredit {
  Company: string;
  InvoiceNum: number;
  CreditMemo: boolean;
  CorrectionInv: boolean;
  CustNum: number;
  RMANum: number;
  OrderNum: number;
  GroupID: string;
  /** Free text; the connector's AR credit memo route keeps `woo-refund:<id>` here. */
  InvoiceComment: string;
  /** Negative decimal string. */
  DocInvoiceAmt: string;
  lines: {
    InvoiceLine: number;
    RMANum: number;
    RMALine: number;
    PartNum: string;
    SellingShipQty: string;
    DocUnitPrice: string;
    DocExtPrice: string;
    LineDesc: string;
    OrderLine: number;
    InvoiceComment: string;
    /** The RMA line's ECCComment, where the connector keeps the store refund id. */
    ECCComment: string;
  }[];
  [field: string]: unknown;
}
