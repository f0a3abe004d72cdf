/**
 * Column types per table. OData checks every $filter/$select/$orderby name and literal against the
 * entity type, so the simulator does too: an unknown column or a string compared with a number is a
 * 400 here as it is on the real server, instead of silently matching nothing.
 */
export type FieldType = 'string' | 'int' | 'decimal' | 'bool' | 'datetime';
export type Schema = Record<string, FieldType>;
export type Row = Record<string, unknown>;

const tracked: Schema = { SysRevID: 'int', SysRowID: 'string' };

export const partSchema: Schema = {
  Company: 'string',
  PartNum: 'string',
  PartDescription: 'string',
  TypeCode: 'string',
  UnitPrice: 'decimal',
  SalesUM: 'string',
  IUM: 'string',
  InActive: 'bool',
  WebPart: 'bool',
  ClassID: 'string',
  CreatedBy: 'string',
  CreatedOn: 'datetime',
  ChangedBy: 'string',
  ChangedOn: 'datetime',
  ...tracked,
};

export const partWhseSchema: Schema = {
  Company: 'string',
  PartNum: 'string',
  WarehouseCode: 'string',
  WarehouseDesc: 'string',
  OnHandQty: 'decimal',
  AllocatedQty: 'decimal',
  DemandQty: 'decimal',
  ...tracked,
};

export const customerSchema: Schema = {
  Company: 'string',
  CustNum: 'int',
  CustID: 'string',
  Name: 'string',
  EMailAddress: 'string',
  Address1: 'string',
  Address2: 'string',
  Address3: 'string',
  City: 'string',
  State: 'string',
  Zip: 'string',
  Country: 'string',
  CountryISOCode: 'string',
  PhoneNum: 'string',
  WebCustomer: 'bool',
  GroupCode: 'string',
  TermsCode: 'string',
  CurrencyCode: 'string',
  ShipToNum: 'string',
  CreditHold: 'bool',
  CheckDuplicatePO: 'bool',
  ChangedBy: 'string',
  ChangeDate: 'datetime',
  ChangeTime: 'int',
  ...tracked,
};

export const orderHedSchema: Schema = {
  Company: 'string',
  OrderNum: 'int',
  CustNum: 'int',
  BTCustNum: 'int',
  ShipToCustNum: 'int',
  ShipToNum: 'string',
  CustomerCustID: 'string',
  PONum: 'string',
  OrderDate: 'datetime',
  NeedByDate: 'datetime',
  RequestDate: 'datetime',
  TermsCode: 'string',
  CurrencyCode: 'string',
  OpenOrder: 'bool',
  OrderHeld: 'bool',
  VoidOrder: 'bool',
  OrderComment: 'string',
  EntryPerson: 'string',
  WebOrder: 'bool',
  IntExternalKey: 'string',
  DocOrderAmt: 'decimal',
  DocTotalMisc: 'decimal',
  ChangedBy: 'string',
  ChangeDate: 'datetime',
  ChangeTime: 'int',
  ...tracked,
};

export const orderDtlSchema: Schema = {
  Company: 'string',
  OrderNum: 'int',
  OrderLine: 'int',
  LineType: 'string',
  PartNum: 'string',
  LineDesc: 'string',
  Reference: 'string',
  IUM: 'string',
  SalesUM: 'string',
  SellingQuantity: 'decimal',
  OrderQty: 'decimal',
  UnitPrice: 'decimal',
  DocUnitPrice: 'decimal',
  DocExtPriceDtl: 'decimal',
  OverridePriceList: 'bool',
  LockPrice: 'bool',
  OpenLine: 'bool',
  NeedByDate: 'datetime',
  RequestDate: 'datetime',
  ...tracked,
};

export const orderMscSchema: Schema = {
  Company: 'string',
  OrderNum: 'int',
  OrderLine: 'int',
  SeqNum: 'int',
  MiscCode: 'string',
  Description: 'string',
  DocMiscAmt: 'decimal',
  MiscAmt: 'decimal',
  ...tracked,
};

export const rmaHeadSchema: Schema = {
  Company: 'string',
  RMANum: 'int',
  RMADate: 'datetime',
  CustNum: 'int',
  BTCustNum: 'int',
  OrderNum: 'int',
  OpenRMA: 'bool',
  RMAComment: 'string',
  ...tracked,
};

export const rmaDtlSchema: Schema = {
  Company: 'string',
  RMANum: 'int',
  RMALine: 'int',
  PartNum: 'string',
  LineDesc: 'string',
  ReturnQty: 'decimal',
  ReturnQtyUOM: 'string',
  ReturnReasonCode: 'string',
  Note: 'string',
  ECCComment: 'string',
  OrderNum: 'int',
  OrderLine: 'int',
  OpenDtl: 'bool',
  ...tracked,
};

export const invcHeadSchema: Schema = {
  Company: 'string',
  InvoiceNum: 'int',
  InvoiceSuffix: 'string',
  InvoiceType: 'string',
  GroupID: 'string',
  CreditMemo: 'bool',
  CorrectionInv: 'bool',
  Posted: 'bool',
  CustNum: 'int',
  RMANum: 'int',
  OrderNum: 'int',
  InvoiceRef: 'int',
  InvoiceComment: 'string',
  InvoiceDate: 'datetime',
  DocInvoiceAmt: 'decimal',
  InvoiceAmt: 'decimal',
  ...tracked,
};

export const invcDtlSchema: Schema = {
  Company: 'string',
  InvoiceNum: 'int',
  InvoiceLine: 'int',
  PartNum: 'string',
  LineDesc: 'string',
  RMANum: 'int',
  RMALine: 'int',
  OrderNum: 'int',
  OrderLine: 'int',
  SellingShipQty: 'decimal',
  DocUnitPrice: 'decimal',
  DocExtPrice: 'decimal',
  InvoiceComment: 'string',
  ...tracked,
};

export const invcGrpSchema: Schema = {
  Company: 'string',
  GroupID: 'string',
  EntryPerson: 'string',
  InvoiceDate: 'datetime',
  ApplyDate: 'datetime',
  PostInProcess: 'bool',
  ...tracked,
};
