// Quartier UI kit: server-rendered React components using KERN UX class names.
// Page shells (PublicShell, StaffShell) live in ./shells/.
export { Alert, type AlertProps, type AlertVariant } from './components/Alert.tsx';
export {
  Button,
  type ButtonProps,
  type ButtonVariant,
  buttonClass,
  LinkButton,
  type LinkButtonProps,
} from './components/Button.tsx';
export { Card, type CardProps } from './components/Card.tsx';
export { DataTable, type DataTableColumn, type DataTableProps } from './components/DataTable.tsx';
export { ErrorSummary, type ErrorSummaryItem, type ErrorSummaryProps } from './components/ErrorSummary.tsx';
export {
  CheckboxField,
  type CheckboxFieldProps,
  CheckboxGroup,
  type CheckboxGroupProps,
  type ChoiceOption,
  ErrorMessage,
  errorId,
  FieldLabel,
  FileField,
  type FileFieldProps,
  fieldId,
  Hint,
  hintId,
  optionId,
  RadioGroup,
  type RadioGroupProps,
  SelectField,
  type SelectFieldProps,
  type SelectOption,
  TextArea,
  type TextAreaProps,
  TextField,
  type TextFieldProps,
  type TextFieldType,
} from './components/Field.tsx';
export { CsrfField, FormFrame, type FormFrameProps } from './components/FormFrame.tsx';
export { type KeyValueItem, KeyValueList, type KeyValueListProps } from './components/KeyValueList.tsx';
export { Pagination, type PaginationProps, pageItems } from './components/Pagination.tsx';
export { PublicDateGroups } from './components/PublicDates.tsx';
export { type FilterSelect, SearchFilters, type SearchFiltersProps } from './components/SearchFilters.tsx';
export { SvgMap, type SvgMapPath, type SvgMapProps } from './components/SvgMap.tsx';
