// The icons the menu table may name (imported one by one to keep the bundle small).
import {
  HomeFilled, User, UserFilled, OfficeBuilding, Stamp, Document, Lock, Setting,
} from '@element-plus/icons-vue'

export const icons = { HomeFilled, User, UserFilled, OfficeBuilding, Stamp, Document, Lock, Setting }
